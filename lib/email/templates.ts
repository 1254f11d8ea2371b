import { roleWithArticle } from "../operators/role-label";
import type { MemberRole } from "../operators/roles";
import type { Email } from "./send-email";

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

export function inviteEmail(input: { to: string; organizationName: string; inviterName: string; role: MemberRole; url: string; expiresAt: Date }): Email {
  const expires = input.expiresAt.toUTCString();
  const subject = `${input.inviterName} invited you to ${input.organizationName} on Payout Links`;
  const text = [
    `${input.inviterName} invited you to join ${input.organizationName} on Payout Links as ${roleWithArticle(input.role)}.`,
    "",
    `Accept the invitation: ${input.url}`,
    "",
    `The link works once and expires on ${expires}. If you did not expect this email, ignore it.`,
  ].join("\n");
  const html = `<!DOCTYPE html><html lang="en"><body style="font-family:system-ui,sans-serif;color:#0f172a">
<p>${escapeHtml(input.inviterName)} invited you to join <strong>${escapeHtml(input.organizationName)}</strong> on Payout Links as ${roleWithArticle(input.role)}.</p>
<p><a href="${escapeHtml(input.url)}">Accept the invitation</a></p>
<p style="color:#475569">The link works once and expires on ${escapeHtml(expires)}. If you did not expect this email, ignore it.</p>
</body></html>`;
  return { to: input.to, subject, text, html };
}
