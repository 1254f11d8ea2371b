import "server-only";
import { createHash } from "node:crypto";
import { request } from "node:https";
import { isIP } from "node:net";
import { AppError } from "../errors/app-error";
import { isPrivateAddress, safeLookup } from "../webhooks/url-safety";
import { LOGO_MAX_BYTES, mediaType, sniffLogo, type LogoContentType } from "./logo-image";

// The logo is fetched once, when an admin saves it, and the copy is what the claim page shows:
// the page's CSP allows images from 'self' only, claimants' browsers never contact the
// organisation's image host (no tracking pixel on a payment page), and a logo that changes or
// disappears later does not change what claimants see. The fetch is a server-side request to a URL
// a user typed, so it goes through the webhooks' SSRF defences: https only, no credentials, and the
// socket connects only to addresses safeLookup approved (no loopback, private or link-local address
// unless ALLOW_PRIVATE_WEBHOOK_URLS allows them in development). Redirects are not followed.

export const LOGO_URL_MAX_CHARS = 2000;
const TIMEOUT_MS = 10_000;

export type FetchedLogo = { contentType: LogoContentType; data: Buffer; sha256: string };
export type FetchLogoOptions = { allowPrivate: boolean; /** Tests only: trust this CA (a local https server). */ ca?: string };

const refuse = (message: string) => new AppError("logo_invalid", { param: "logo_url", message });

/** Parses and checks the URL without touching the network. */
export function checkLogoUrl(raw: string, allowPrivate: boolean): URL {
  if (raw.length > LOGO_URL_MAX_CHARS) throw refuse(`The logo URL must be at most ${LOGO_URL_MAX_CHARS} characters.`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refuse("Enter the full address of the image, starting with https://.");
  }
  if (url.protocol !== "https:") throw refuse("The logo URL must start with https://.");
  if (url.username || url.password) throw refuse("The logo URL must not contain a user name or password.");
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  if (!allowPrivate && (host === "localhost" || host.endsWith(".localhost") || (isIP(host) && isPrivateAddress(host)))) {
    throw refuse("The logo URL must not point at a loopback, private or link-local address.");
  }
  return url;
}

/** Downloads the logo (at most LOGO_MAX_BYTES, within 10 s) and checks it is an image. */
export async function fetchLogo(raw: string, options: FetchLogoOptions): Promise<FetchedLogo> {
  const url = checkLogoUrl(raw, options.allowPrivate);
  const { status, headers, body } = await download(url, options);
  if (status >= 300 && status < 400) throw refuse("The logo URL redirects elsewhere: enter the address it redirects to.");
  if (status !== 200) throw refuse(`The logo could not be downloaded: the server answered ${status}.`);
  const declared = mediaType(String(headers["content-type"] ?? ""));
  const sniffed = sniffLogo(body);
  if (!sniffed) {
    throw refuse(
      declared === "image/svg+xml"
        ? "SVG logos are not accepted: use a PNG, JPEG, GIF or WebP image."
        : "That address is not a PNG, JPEG, GIF or WebP image.",
    );
  }
  if (declared !== sniffed) throw refuse(`The server says the logo is ${declared || "of no type"}, but it is ${sniffed}.`);
  return { contentType: sniffed, data: body, sha256: createHash("sha256").update(body).digest("hex") };
}

type Downloaded = { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer };

function download(url: URL, options: FetchLogoOptions): Promise<Downloaded> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: "GET",
        headers: { accept: "image/png, image/jpeg, image/gif, image/webp", "user-agent": "PayoutLinks-LogoFetcher/1" },
        lookup: safeLookup(options.allowPrivate) as never,
        ca: options.ca,
        timeout: TIMEOUT_MS,
      },
      (res) => {
        const status = res.statusCode ?? 0;
        const declaredLength = Number(res.headers["content-length"] ?? 0);
        if (status !== 200 || declaredLength > LOGO_MAX_BYTES) {
          res.destroy();
          if (declaredLength > LOGO_MAX_BYTES) return reject(refuse(`The logo is larger than ${LOGO_MAX_BYTES / 1024} KB.`));
          return resolve({ status, headers: res.headers, body: Buffer.alloc(0) });
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          // Stop reading as soon as the limit is passed, whatever Content-Length claimed.
          if (size > LOGO_MAX_BYTES) {
            res.destroy();
            reject(refuse(`The logo is larger than ${LOGO_MAX_BYTES / 1024} KB.`));
            return;
          }
          chunks.push(chunk);
        });
        res.on("end", () => resolve({ status, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on("error", () => reject(refuse("The logo download was interrupted. Try again.")));
      },
    );
    req.on("timeout", () => req.destroy(Object.assign(new Error("timeout"), { code: "ETIMEDOUT" })));
    req.on("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "EPRIVATEADDRESS") return reject(refuse("The logo URL must not point at a loopback, private or link-local address."));
      if (err.code === "ETIMEDOUT") return reject(refuse("The logo server did not answer within 10 seconds."));
      if (err.code === "ENOTFOUND" || err.code === "EAI_AGAIN") return reject(refuse(`${url.hostname} could not be found.`));
      reject(refuse("The logo could not be downloaded (the connection failed or its certificate is not valid)."));
    });
    req.end();
  });
}
