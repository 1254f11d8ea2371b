// What counts as a logo: a PNG, JPEG, GIF or WebP, recognised by its first bytes (the server's
// Content-Type must agree). SVG is refused: it is a document that can carry scripts and links,
// and the claim page is the last place to render one from a third party. Isomorphic.

export const LOGO_MAX_BYTES = 512 * 1024;

export type LogoContentType = "image/png" | "image/jpeg" | "image/gif" | "image/webp";

const startsWith = (bytes: Uint8Array, signature: number[], at = 0) => signature.every((b, i) => bytes[at + i] === b);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/** The image type the bytes are, or null when they are none of the accepted ones. */
export function sniffLogo(bytes: Uint8Array): LogoContentType | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWith(bytes, ascii("GIF87a")) || startsWith(bytes, ascii("GIF89a"))) return "image/gif";
  if (startsWith(bytes, ascii("RIFF")) && startsWith(bytes, ascii("WEBP"), 8)) return "image/webp";
  return null;
}

/** The media type of a Content-Type header ("image/png; charset=…" → "image/png"), normalised. */
export function mediaType(header: string | null | undefined): string {
  const type = (header ?? "").split(";")[0].trim().toLowerCase();
  return type === "image/jpg" || type === "image/pjpeg" ? "image/jpeg" : type;
}
