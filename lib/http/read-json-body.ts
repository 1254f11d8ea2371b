import { AppError } from "../errors/app-error";
import { JsonSyntaxError, parseStrictJson } from "./strict-json";

export const MAX_BODY_BYTES = 64 * 1024;

// Stateless between calls (no `stream` option), so one decoder serves every request.
const utf8 = new TextDecoder("utf-8", { fatal: true });

export type BodyText = { ok: true; text: string } | { ok: false; reason: "too_large" | "not_utf8" };

/**
 * The body as UTF-8 text, reading at most `maxBytes` whatever Content-Length claims (a chunked
 * body has none), and stopping as soon as it is over.
 */
export async function readBodyText(req: Request, maxBytes: number): Promise<BodyText> {
  if (Number(req.headers.get("content-length") ?? "0") > maxBytes) return { ok: false, reason: "too_large" };
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (req.body) {
    const reader = req.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        return { ok: false, reason: "too_large" };
      }
      chunks.push(value);
    }
  }
  try {
    return { ok: true, text: utf8.decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)) };
  } catch {
    return { ok: false, reason: "not_utf8" };
  }
}

/** Reads at most 64 KB and parses it as strict JSON. */
export async function readJsonBody(req: Request): Promise<{ value: unknown; text: string }> {
  const body = await readBodyText(req, MAX_BODY_BYTES);
  if (!body.ok && body.reason === "too_large") throw new AppError("body_too_large");
  if (!body.ok) throw new AppError("invalid_json", { message: "The request body is not valid UTF-8." });
  const { text } = body;
  if (text.trim() === "") {
    throw new AppError("invalid_json", { message: "The request body is empty; send a JSON object." });
  }
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new AppError("content_type_unsupported", { message: "Send the body with 'Content-Type: application/json'." });
  }
  try {
    return { value: parseStrictJson(text), text };
  } catch (err) {
    if (err instanceof JsonSyntaxError) throw new AppError("invalid_json", { message: `The request body is not valid JSON: ${err.message}.` });
    throw err;
  }
}
