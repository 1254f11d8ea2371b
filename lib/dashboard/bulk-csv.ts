// The bulk upload's file → validated rows, every problem reported with its line and column before
// anything is created. Isomorphic (no server imports), so it is unit-tested on its own.
import { Description, LIMITS, Metadata } from "../payout-links/schemas";
import { parseCsv } from "./csv";
import { parseDollarsToCents } from "./parse-money";
import { parseRecipientEmail } from "./recipient-email";

export const BULK_MAX_ROWS = 10_000;
export const BULK_REQUIRED_COLUMNS = ["amount", "description"] as const;
export const BULK_OPTIONAL_COLUMNS = ["expires_in_seconds", "recipient_email"] as const;

export type BulkRow = {
  line: number;
  amount: number;
  description: string;
  expiresInSeconds?: number;
  recipientEmail?: string;
  metadata: Record<string, string>;
};

export type BulkProblem = { line: number; field: string; message: string };

export type BulkParse = { ok: true; rows: BulkRow[] } | { ok: false; problems: BulkProblem[] };

const fail = (line: number, field: string, message: string): BulkParse => ({ ok: false, problems: [{ line, field, message }] });

export function parseBulkCsv(text: string, limits: { maxCents: number; maxTtlSeconds: number }): BulkParse {
  const parsed = parseCsv(text);
  if (!parsed.ok) return fail(parsed.line, "file", parsed.message);
  const [header, ...records] = parsed.rows.filter((r) => !(r.fields.length === 1 && r.fields[0].trim() === ""));
  if (!header) return fail(1, "file", "The file is empty. The first line must name the columns: amount,description.");
  const columns = header.fields.map((c) => c.trim().toLowerCase());

  const problems: BulkProblem[] = [];
  const missing = BULK_REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length) {
    problems.push({ line: 1, field: "header", message: `Missing required column${missing.length > 1 ? "s" : ""}: ${missing.join(", ")}. The first line must name the columns, e.g. amount,description.` });
  }
  columns.forEach((c, i) => {
    if (columns.indexOf(c) !== i) problems.push({ line: 1, field: "header", message: `Column "${c}" appears twice.` });
    else if (!(BULK_REQUIRED_COLUMNS as readonly string[]).includes(c) && !(BULK_OPTIONAL_COLUMNS as readonly string[]).includes(c) && !/^metadata\.[^.]+$/.test(c)) {
      problems.push({ line: 1, field: "header", message: `Unknown column "${header.fields[i]}". Use amount, description, expires_in_seconds, recipient_email and metadata.<key>.` });
    }
  });
  if (problems.length) return { ok: false, problems };
  if (records.length === 0) return fail(2, "file", "The file has a header but no rows.");
  if (records.length > BULK_MAX_ROWS) {
    return fail(BULK_MAX_ROWS + 2, "file", `The file has ${records.length.toLocaleString("en-US")} rows; at most ${BULK_MAX_ROWS.toLocaleString("en-US")} can be created at once. Split it into several files.`);
  }

  const rows: BulkRow[] = [];
  for (const record of records) {
    const { line, fields } = record;
    if (fields.length !== columns.length) {
      problems.push({ line, field: "row", message: `Expected ${columns.length} fields, found ${fields.length}.` });
      continue;
    }
    const cell = (name: string) => {
      const i = columns.indexOf(name);
      return i === -1 ? "" : fields[i];
    };
    const before = problems.length;
    const amount = parseDollarsToCents(cell("amount"), { maxCents: limits.maxCents });
    if (!amount.ok) problems.push({ line, field: "amount", message: amount.message });
    const description = Description.safeParse(cell("description"));
    if (!description.success) problems.push({ line, field: "description", message: description.error.issues[0].message });

    let expiresInSeconds: number | undefined;
    const ttl = cell("expires_in_seconds").trim();
    if (ttl !== "") {
      if (!/^\d{1,9}$/.test(ttl)) problems.push({ line, field: "expires_in_seconds", message: "Must be a whole number of seconds." });
      else if (Number(ttl) < LIMITS.ttlMinSeconds || Number(ttl) > limits.maxTtlSeconds) {
        problems.push({ line, field: "expires_in_seconds", message: `Must be from ${LIMITS.ttlMinSeconds} to ${limits.maxTtlSeconds} seconds.` });
      } else expiresInSeconds = Number(ttl);
    }

    let recipientEmail: string | undefined;
    const email = cell("recipient_email").trim();
    if (email !== "") {
      const checked = parseRecipientEmail(email);
      if (!checked.ok) problems.push({ line, field: "recipient_email", message: checked.message });
      else recipientEmail = checked.email;
    }

    const metadataEntries = columns.flatMap((c, i) => (c.startsWith("metadata.") && fields[i] !== "" ? [[header.fields[i].trim().slice("metadata.".length), fields[i]]] : []));
    const metadata = Metadata.safeParse(Object.fromEntries(metadataEntries));
    if (!metadata.success) problems.push({ line, field: "metadata", message: metadata.error.issues[0].message });

    if (problems.length === before && amount.ok && description.success && metadata.success) {
      rows.push({ line, amount: amount.cents, description: description.data, expiresInSeconds, recipientEmail, metadata: metadata.data });
    }
  }
  return problems.length ? { ok: false, problems } : { ok: true, rows };
}
