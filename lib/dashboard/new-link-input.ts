// The new-link form's fields → generatePayoutLink's input, with errors keyed by the API's own
// parameter names so the form shows each next to its field. Isomorphic: the form runs it as the
// operator types, the server action runs it again.
import { Description, GeneratePayoutLinkInput, LIMITS, Metadata } from "../payout-links/schemas";
import { parseDollarsToCents } from "./parse-money";
import { parseRecipientEmail } from "./recipient-email";

/** Expiry choices the form offers; "custom" takes a date and time. */
export const EXPIRY_PRESETS = [
  { value: "86400", label: "1 day" },
  { value: "259200", label: "3 days" },
  { value: "604800", label: "7 days" },
  { value: "1209600", label: "14 days" },
  { value: "2592000", label: "30 days" },
] as const;

export type NewLinkFields = {
  amount: string;
  description: string;
  expiry: string; // a preset's seconds, or "custom"
  customExpiry?: string; // ISO-8601 instant, when expiry is "custom"
  metadata: { key: string; value: string }[];
  recipientEmail: string;
};

export type FieldErrors = Partial<Record<"amount" | "description" | "expires_in_seconds" | "metadata" | "recipient_email", string>>;

export function checkNewLink(
  fields: NewLinkFields,
  limits: { maxCents: number; maxTtlSeconds: number },
  now = Date.now(),
): { ok: true; input: GeneratePayoutLinkInput; recipientEmail: string | null } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const amount = parseDollarsToCents(fields.amount, { maxCents: limits.maxCents });
  if (!amount.ok) errors.amount = amount.message;
  const description = Description.safeParse(fields.description);
  if (!description.success) errors.description = description.error.issues[0].message;

  let ttl: number | undefined;
  if (fields.expiry === "custom") {
    const at = Date.parse(fields.customExpiry ?? "");
    if (Number.isNaN(at)) errors.expires_in_seconds = "Choose a date and time for the link to expire.";
    else {
      ttl = Math.floor((at - now) / 1000);
      if (ttl < LIMITS.ttlMinSeconds) errors.expires_in_seconds = "The expiry must be at least a minute from now.";
      else if (ttl > limits.maxTtlSeconds) errors.expires_in_seconds = `The expiry must be within ${Math.floor(limits.maxTtlSeconds / 86400)} days.`;
    }
  } else if (/^\d+$/.test(fields.expiry)) {
    ttl = Number(fields.expiry);
    if (ttl < LIMITS.ttlMinSeconds || ttl > limits.maxTtlSeconds) errors.expires_in_seconds = `Choose an expiry within ${Math.floor(limits.maxTtlSeconds / 86400)} days.`;
  } else errors.expires_in_seconds = "Choose when the link expires.";

  const rows = fields.metadata.filter((r) => r.key.trim() !== "" || r.value !== "");
  const keys = rows.map((r) => r.key.trim());
  let metadata: Record<string, string> = {};
  if (keys.some((k) => k === "")) errors.metadata = "Every metadata value needs a key.";
  else if (new Set(keys).size !== keys.length) errors.metadata = "Metadata keys must be different from each other.";
  else {
    const parsed = Metadata.safeParse(Object.fromEntries(rows.map((r) => [r.key.trim(), r.value])));
    if (!parsed.success) errors.metadata = parsed.error.issues[0].message;
    else metadata = parsed.data;
  }

  let recipientEmail: string | null = null;
  if (fields.recipientEmail.trim() !== "") {
    const email = parseRecipientEmail(fields.recipientEmail);
    if (!email.ok) errors.recipient_email = email.message;
    else recipientEmail = email.email;
  }

  if (Object.keys(errors).length || !amount.ok || !description.success) return { ok: false, errors };
  return {
    ok: true,
    input: { amount: amount.cents, currency: "USD", description: description.data, expires_in_seconds: ttl, ...(rows.length ? { metadata } : {}) },
    recipientEmail,
  };
}
