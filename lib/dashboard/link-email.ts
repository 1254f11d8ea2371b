import "server-only";
import type { DbOrTx } from "../db/transaction";
import { escapeHtml } from "../email/templates";
import { sendEmail, type SentEmail } from "../email/send-email";
import { formatCents } from "./parse-money";

/** The email that carries a link to the person being paid. */
export function payoutLinkEmail(input: { to: string; organizationName: string; amount: number; description: string; url: string; expiresAt: Date }) {
  const amount = formatCents(input.amount);
  const expires = input.expiresAt.toUTCString();
  const subject = `${input.organizationName} sent you ${amount}`;
  const text = [
    `${input.organizationName} sent you ${amount}: ${input.description}`,
    "",
    `Claim it here: ${input.url}`,
    "",
    `The link works once and expires on ${expires}. You will be asked for your name, your email and your bank account.`,
    "If you did not expect this email, ignore it.",
  ].join("\n");
  const html = `<!DOCTYPE html><html lang="en"><body style="font-family:system-ui,sans-serif;color:#0f172a">
<p><strong>${escapeHtml(input.organizationName)}</strong> sent you <strong>${escapeHtml(amount)}</strong>: ${escapeHtml(input.description)}</p>
<p><a href="${escapeHtml(input.url)}">Claim your payout</a></p>
<p style="color:#475569">The link works once and expires on ${escapeHtml(expires)}. If you did not expect this email, ignore it.</p>
</body></html>`;
  return { to: input.to, subject, text, html };
}

export async function sendPayoutLinkEmail(db: DbOrTx, input: Parameters<typeof payoutLinkEmail>[0]): Promise<SentEmail> {
  return sendEmail(db, payoutLinkEmail(input));
}
