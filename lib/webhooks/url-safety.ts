import "server-only";
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { BlockList, isIP } from "node:net";
import { AppError } from "../errors/app-error";
import { WEBHOOK_URL_MAX_CHARS } from "./schemas";

// Where webhooks may go. Outside development (ALLOW_PRIVATE_WEBHOOK_URLS=false, the default in
// production) an endpoint must be https and every address its host resolves to must be public:
// not loopback, private, link-local, CGNAT, multicast or otherwise reserved. The check runs when the
// endpoint is created and again inside the socket's own DNS lookup at every delivery, so a host
// that later resolves to 127.0.0.1 or 169.254.169.254 (DNS rebinding) is refused before connecting.

const blocked = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  blocked.addSubnet(net, prefix, "ipv4");
}
for (const [net, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
  ["2001:db8::", 32],
  ["100::", 64],
] as const) {
  blocked.addSubnet(net, prefix, "ipv6");
}

/** Whether an IP address is loopback, private, link-local or otherwise not a public unicast address. */
export function isPrivateAddress(address: string): boolean {
  const kind = isIP(address);
  if (kind === 4) return blocked.check(address, "ipv4");
  if (kind !== 6) return true; // not an address at all: refuse
  const lower = address.toLowerCase();
  // IPv4-mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) forms carry an IPv4 address.
  const embedded = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (embedded) return blocked.check(embedded[1], "ipv4");
  const mappedHex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (mappedHex) {
    const hi = parseInt(mappedHex[1], 16);
    const lo = parseInt(mappedHex[2], 16);
    return blocked.check(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`, "ipv4");
  }
  return blocked.check(lower, "ipv6");
}

const hostOf = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, "$1");

/**
 * The checks that need no network: a parseable http(s) URL, at most 2000 characters, without
 * credentials; https and not a private literal address or localhost unless private URLs are allowed.
 * Throws url_invalid naming `url`.
 */
export function checkWebhookUrlSyntax(raw: string, allowPrivate: boolean): URL {
  const refuse = (message: string) => new AppError("url_invalid", { param: "url", message });
  if (raw.length > WEBHOOK_URL_MAX_CHARS) throw refuse(`url must be at most ${WEBHOOK_URL_MAX_CHARS} characters.`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refuse("url is not a valid absolute URL.");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw refuse("url must be an https URL.");
  if (url.username || url.password) throw refuse("url must not contain a user name or password.");
  if (url.hash) throw refuse("url must not contain a fragment.");
  if (allowPrivate) return url;
  if (url.protocol !== "https:") throw refuse("url must be an https URL.");
  const host = hostOf(url).toLowerCase();
  if (host === "localhost" || host.endsWith(".localhost") || (isIP(host) && isPrivateAddress(host))) {
    throw refuse("url must not point at a loopback, private or link-local address.");
  }
  return url;
}

/**
 * Create-time check: the syntax, then the host's current DNS answers. A name that does not resolve
 * now is accepted (delivery re-checks every time); one that resolves to a private address is not.
 */
export async function checkWebhookUrl(raw: string, allowPrivate: boolean): Promise<URL> {
  const url = checkWebhookUrlSyntax(raw, allowPrivate);
  if (allowPrivate || isIP(hostOf(url))) return url;
  const addresses = await new Promise<LookupAddress[]>((resolve) =>
    dnsLookup(hostOf(url), { all: true }, (err, found) => resolve(err ? [] : found)),
  );
  if (addresses.some((a) => isPrivateAddress(a.address))) {
    throw new AppError("url_invalid", { param: "url", message: "url must not point at a loopback, private or link-local address." });
  }
  return url;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for node:http(s) that refuses private answers: the socket connects only to an address
 * this function approved, so there is no gap between checking and connecting.
 */
export function safeLookup(allowPrivate: boolean) {
  return (hostname: string, options: { all?: boolean; family?: number } & object, callback: LookupCallback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const refused = allowPrivate ? [] : addresses.filter((a) => isPrivateAddress(a.address));
      if (refused.length) {
        const e: NodeJS.ErrnoException = new Error(`${hostname} resolves to a private address (${refused[0].address}): refused`);
        e.code = "EPRIVATEADDRESS";
        return callback(e, []);
      }
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}
