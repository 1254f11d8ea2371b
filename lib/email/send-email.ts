import "server-only";
import { config } from "../config";
import type { DbOrTx } from "../db/transaction";
import { newId } from "../ids";

export type Email = { to: string; subject: string; text: string; html: string };
export type SentEmail = { id: string; status: "stored" | "sent" | "failed"; error: string | null };

type Transport = { sendMail(message: Email & { from: string }): Promise<unknown> };
let transport: { url: string; transport: Transport } | undefined;

async function smtpTransport(url: string): Promise<Transport> {
  if (transport?.url !== url) {
    const nodemailer = await import("nodemailer");
    transport = { url, transport: nodemailer.createTransport(url) };
  }
  return transport.transport;
}

/** Tests swap the SMTP transport for a recording one. */
export function setTransportForTests(url: string, fake: Transport) {
  transport = { url, transport: fake };
}

/**
 * Every email is written to outbound_emails first. With SMTP_URL set it is then sent through
 * nodemailer and its row says whether that worked; without, it stays "stored" and the development
 * outbox (/dev/outbox) shows it, so invitations work on a laptop with no mail server. Call it
 * after the transaction that made the change commits: a mail server that is down must not undo
 * the change (the row records the failure, and an admin can send again).
 */
export async function sendEmail(db: DbOrTx, email: Email): Promise<SentEmail> {
  const { SMTP_URL, EMAIL_FROM } = config();
  const row = await db.outboundEmail.create({ data: { id: newId(), ...email, status: "stored" } });
  if (!SMTP_URL) return { id: row.id, status: "stored", error: null };
  try {
    await (await smtpTransport(SMTP_URL)).sendMail({ from: EMAIL_FROM, ...email });
    await db.outboundEmail.update({ where: { id: row.id }, data: { status: "sent", sentAt: new Date() } });
    return { id: row.id, status: "sent", error: null };
  } catch (err) {
    // The SMTP error names the server's complaint, never our credentials (they are in the URL, not the message).
    const error = (err instanceof Error ? err.message : String(err)).slice(0, 500);
    await db.outboundEmail.update({ where: { id: row.id }, data: { status: "failed", error } });
    return { id: row.id, status: "failed", error };
  }
}

/** The development outbox: only when no SMTP server is configured. */
export function devOutboxEnabled(): boolean {
  return !config().SMTP_URL;
}

export async function listOutboundEmails(db: DbOrTx, limit = 50) {
  return db.outboundEmail.findMany({ orderBy: { id: "desc" }, take: limit });
}
