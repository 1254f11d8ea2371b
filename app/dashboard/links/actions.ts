"use server";
import { revalidatePath } from "next/cache";
import QRCode from "qrcode";
import { parseBulkCsv } from "@/lib/dashboard/bulk-csv";
import { bulkCreatePayoutLinks } from "@/lib/dashboard/bulk-create";
import { bulkResultCsv, sendBulkEmails } from "@/lib/dashboard/bulk-result-csv";
import { runAction, type ActionResult } from "@/lib/dashboard/action-result";
import { sendPayoutLinkEmail } from "@/lib/dashboard/link-email";
import { checkNewLink, type FieldErrors, type NewLinkFields } from "@/lib/dashboard/new-link-input";
import { config } from "@/lib/config";
import { sha256Hex } from "@/lib/crypto/secrets";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { cancelPayoutLink } from "@/lib/payout-links/cancel-payout-link";
import { findPayoutLinkRow } from "@/lib/payout-links/find-payout-link";
import { generatePayoutLink } from "@/lib/payout-links/generate-payout-link";
import { getPayoutLink } from "@/lib/payout-links/get-payout-link";
import { requireRole } from "@/lib/operators/session";

// Server actions: thin, like route handlers. Each checks the member's role on the server first
// (whatever the page showed), then calls the same lib/ functions as the API.

const actorOf = (operator: { userId: string }) => `user:${operator.userId}`;

export type CreatedLink = { id: string; url: string; qrSvg: string; amount: number; description: string; expiresAt: string; emailed: string | null; emailStatus: string | null };

export async function createLinkAction(fields: NewLinkFields): Promise<ActionResult<CreatedLink> & { fieldErrors?: FieldErrors }> {
  let fieldErrors: FieldErrors | undefined;
  const result = await runAction(async () => {
    const operator = await requireRole("operator");
    const prisma = await db();
    const organization = await prisma.organization.findUniqueOrThrow({ where: { id: operator.organizationId } });
    const checked = checkNewLink(fields, { maxCents: organization.maxLinkAmount, maxTtlSeconds: config().PAYOUT_LINK_MAX_TTL_SECONDS });
    if (!checked.ok) {
      fieldErrors = checked.errors;
      const [param, message] = Object.entries(checked.errors)[0];
      throw new AppError("parameter_invalid", { param, message });
    }
    const link = await generatePayoutLink(prisma, { organizationId: operator.organizationId, actor: actorOf(operator), organization }, checked.input, {
      recipientEmail: checked.recipientEmail,
    });
    // After the link is committed: a mail server that is down must not undo the link.
    const sent = checked.recipientEmail
      ? await sendPayoutLinkEmail(prisma, { to: checked.recipientEmail, organizationName: organization.name, amount: link.amount, description: link.description, url: link.url, expiresAt: new Date(link.expires_at) })
      : null;
    revalidatePath("/dashboard/links");
    const qrSvg = await QRCode.toString(link.url, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
    return { id: link.id, url: link.url, qrSvg, amount: link.amount, description: link.description, expiresAt: link.expires_at, emailed: checked.recipientEmail, emailStatus: sent?.status ?? null };
  });
  if (!result.ok && !fieldErrors && result.error.param) fieldErrors = { [result.error.param]: result.error.message } as FieldErrors;
  return { ...result, fieldErrors };
}

export async function cancelLinkAction(linkId: string): Promise<ActionResult<{ status: string }>> {
  return runAction(async () => {
    const operator = await requireRole("operator");
    const link = await cancelPayoutLink(await db(), { organizationId: operator.organizationId, actor: actorOf(operator) }, linkId);
    revalidatePath(`/dashboard/links/${link.id}`);
    revalidatePath("/dashboard/links");
    return { status: link.status };
  });
}

export async function resendLinkEmailAction(linkId: string): Promise<ActionResult<{ to: string; status: string }>> {
  return runAction(async () => {
    const operator = await requireRole("operator");
    const prisma = await db();
    const row = await findPayoutLinkRow(prisma, operator.organizationId, linkId);
    const link = await getPayoutLink(prisma, operator.organizationId, linkId);
    if (!row.recipientEmail) throw new AppError("parameter_invalid", { param: "recipient_email", message: "This link was not sent to an email address." });
    if (link.status !== "pending") throw new AppError("parameter_invalid", { param: "status", message: "Only a pending link can be sent again." });
    const sent = await sendPayoutLinkEmail(prisma, {
      to: row.recipientEmail,
      organizationName: operator.organizationName,
      amount: link.amount,
      description: link.description,
      url: link.url,
      expiresAt: new Date(link.expires_at),
    });
    return { to: row.recipientEmail, status: sent.status };
  });
}

export type BulkOutcome =
  | { ok: true; count: number; total: number; replayed: boolean; csv: string }
  | { ok: false; message: string; problems: { line: number; field: string; message: string }[] };

const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

export async function bulkCreateAction(formData: FormData): Promise<BulkOutcome> {
  const result = await runAction(async (): Promise<BulkOutcome> => {
    const operator = await requireRole("operator");
    const file = formData.get("file");
    const key = String(formData.get("upload_key") ?? "");
    if (!(file instanceof File) || file.size === 0) return { ok: false, message: "Choose a CSV file to upload.", problems: [] };
    if (file.size > MAX_UPLOAD_BYTES) return { ok: false, message: "The file is larger than 5 MB.", problems: [] };
    if (!/^[A-Za-z0-9_-]{16,64}$/.test(key)) return { ok: false, message: "Reload the page and upload again.", problems: [] };
    const bytes = new Uint8Array(await file.arrayBuffer());
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      return { ok: false, message: "The file is not UTF-8 text. Save it as “CSV UTF-8” and upload it again.", problems: [] };
    }
    const prisma = await db();
    const organization = await prisma.organization.findUniqueOrThrow({ where: { id: operator.organizationId } });
    const parsed = parseBulkCsv(text, { maxCents: organization.maxLinkAmount, maxTtlSeconds: config().PAYOUT_LINK_MAX_TTL_SECONDS });
    if (!parsed.ok) {
      return { ok: false, message: `Nothing was created: ${parsed.problems.length === 1 ? "1 problem" : `${parsed.problems.length} problems`} in the file.`, problems: parsed.problems };
    }
    const created = await bulkCreatePayoutLinks(prisma, { organizationId: operator.organizationId, actor: actorOf(operator) }, { key, fileHash: sha256Hex(text), rows: parsed.rows });
    const links = await prisma.payoutLink.findMany({ where: { id: { in: created.linkIds }, organizationId: operator.organizationId }, orderBy: { id: "asc" } });
    if (!created.replayed) await sendBulkEmails(prisma, organization.name, links);
    return { ok: true, count: links.length, total: created.total, replayed: created.replayed, csv: bulkResultCsv(links) };
  });
  return result.ok ? result.data : { ok: false, message: result.error.message, problems: [] };
}

