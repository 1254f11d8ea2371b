import { db } from "@/lib/db/client";
import { getBrandLogo } from "@/lib/organizations/settings";

// The copies of organisations' logos the claim page shows (its CSP allows images from 'self'
// only). Addressed by the SHA-256 of their bytes, so a URL's content never changes: cached for a
// year, and a new logo is a new URL. The bytes were checked to be PNG/JPEG/GIF/WebP when saved; the
// headers keep a browser from treating them as anything else.
export const runtime = "nodejs";

export async function GET(_request: Request, { params }: { params: Promise<{ sha256: string }> }) {
  const { sha256 } = await params;
  const logo = await getBrandLogo(await db(), sha256);
  if (!logo) return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
  return new Response(new Uint8Array(logo.data), {
    headers: {
      "Content-Type": logo.contentType,
      "Content-Length": String(logo.data.length),
      "Cache-Control": "public, max-age=31536000, immutable",
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; sandbox",
      "Cross-Origin-Resource-Policy": "same-origin",
    },
  });
}
