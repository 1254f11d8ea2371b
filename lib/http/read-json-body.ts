import { AppError } from "../errors/app-error";
import { JsonSyntaxError, parseStrictJson } from "./strict-json";

export const MAX_BODY_BYTES = 64 * 1024;

/** Reads at most 64 KB (whatever Content-Length claims) and parses it as strict JSON. */
export async function readJsonBody(req: Request): Promise<{ value: unknown; text: string }> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw new AppError("body_too_large");

  const chunks: Uint8Array[] = [];
  let size = 0;
  if (req.body) {
    const reader = req.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_BODY_BYTES) {
        await reader.cancel();
        throw new AppError("body_too_large");
      }
      chunks.push(value);
    }
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new AppError("invalid_json", { message: "The request body is not valid UTF-8." });
  }
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
