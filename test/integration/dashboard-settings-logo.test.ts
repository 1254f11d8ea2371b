// The logo fetch against a real local https server (a throwaway self-signed certificate made with
// openssl, trusted through fetchLogo's test-only `ca`), then the copy served by the app's own
// route, which is what the claim page's <img> points at.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as serveLogo } from "@/app/api/brand-logos/[sha256]/route";
import { createOrganization } from "@/lib/auth/organizations";
import { LOGO_MAX_BYTES } from "@/lib/organizations/logo-image";
import { fetchLogo } from "@/lib/organizations/fetch-logo";
import { getClaimBranding } from "@/lib/organizations/claim-branding";
import { updateOrganizationBranding } from "@/lib/organizations/settings";
import { deposit } from "@/lib/ledger/entries";
import { generatePayoutLink } from "@/lib/payout-links/generate-payout-link";
import { createTestDatabase, type TestDatabase } from "../support/database";

// A 1×1 PNG.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");

let dir: string;
let cert: string;
let server: Server;
let base: string;
let db: TestDatabase;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "logo-tls-"));
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", path.join(dir, "key.pem"), "-out", path.join(dir, "cert.pem"), "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"], { stdio: "ignore" });
  cert = readFileSync(path.join(dir, "cert.pem"), "utf8");
  server = createServer({ key: readFileSync(path.join(dir, "key.pem")), cert }, (req, res) => {
    const routes: Record<string, () => void> = {
      "/logo.png": () => res.writeHead(200, { "content-type": "image/png" }).end(PNG),
      "/lying.png": () => res.writeHead(200, { "content-type": "image/png" }).end("<html>not an image</html>"),
      "/logo.svg": () => res.writeHead(200, { "content-type": "image/svg+xml" }).end('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
      "/mislabelled.png": () => res.writeHead(200, { "content-type": "text/html" }).end(PNG),
      "/huge.png": () => {
        // No Content-Length: the limit must hold while streaming.
        res.writeHead(200, { "content-type": "image/png" });
        res.write(PNG);
        res.end(Buffer.alloc(LOGO_MAX_BYTES));
      },
      "/redirect.png": () => res.writeHead(302, { location: "/logo.png" }).end(),
      "/missing.png": () => res.writeHead(404).end(),
    };
    (routes[req.url ?? ""] ?? routes["/missing.png"])();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  db = await createTestDatabase({ poolSize: 5 });
  (globalThis as { __payoutLinksDb?: unknown }).__payoutLinksDb = Promise.resolve({ prisma: db.prisma });
});

afterAll(async () => {
  server?.close();
  rmSync(dir, { recursive: true, force: true });
  delete (globalThis as { __payoutLinksDb?: unknown }).__payoutLinksDb;
  await db?.destroy();
});

describe("fetchLogo", () => {
  it("fetches a PNG over https and hashes it", async () => {
    const logo = await fetchLogo(`${base}/logo.png`, { allowPrivate: true, ca: cert });
    expect(logo.contentType).toBe("image/png");
    expect(logo.data.equals(PNG)).toBe(true);
    expect(logo.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ["/lying.png", /not a PNG, JPEG, GIF or WebP/],
    ["/logo.svg", /SVG logos are not accepted/],
    ["/mislabelled.png", /says the logo is text\/html/],
    ["/huge.png", /larger than 512 KB/],
    ["/redirect.png", /redirects/],
    ["/missing.png", /answered 404/],
  ])("refuses %s next to the logo field", async (route, message) => {
    await expect(fetchLogo(`${base}${route}`, { allowPrivate: true, ca: cert })).rejects.toMatchObject({ code: "logo_invalid", param: "logo_url", message: expect.stringMatching(message) });
  });

  it("refuses a private address outside development, before connecting", async () => {
    await expect(fetchLogo(`${base}/logo.png`, { allowPrivate: false, ca: cert })).rejects.toMatchObject({ code: "logo_invalid", message: expect.stringMatching(/private/) });
  });

  it("refuses a certificate it cannot verify", async () => {
    await expect(fetchLogo(`${base}/logo.png`, { allowPrivate: true })).rejects.toMatchObject({ code: "logo_invalid", message: expect.stringMatching(/certificate/) });
  });

  it("keeps a copy that the app serves, and the claim page's branding points at it", async () => {
    const { organization, fundingAccount } = await createOrganization(db.prisma, { name: "Logo Org" });
    await deposit(db.prisma, { fundingAccountId: fundingAccount.id, amount: 10_000, description: "test" });
    const actor = { userId: "u", email: "a@b.test", name: "A", organizationId: organization.id, organizationName: organization.name, role: "admin" as const };
    const logo = await fetchLogo(`${base}/logo.png`, { allowPrivate: true, ca: cert });
    const saved = await updateOrganizationBranding(db.prisma, actor, { displayName: "Logo Co", logoUrl: `${base}/logo.png`, accentColor: "#facc15", supportEmail: "help@logo.test" }, logo);
    expect(saved.logoPath).toBe(`/api/brand-logos/${logo.sha256}`);
    // Saving the same image again stores it once.
    await updateOrganizationBranding(db.prisma, actor, { displayName: "Logo Co", logoUrl: `${base}/logo.png?again`, accentColor: null, supportEmail: null }, logo);
    expect(await db.prisma.brandLogo.count({ where: { sha256: logo.sha256 } })).toBe(1);

    const res = await serveLogo(new Request("http://app.test"), { params: Promise.resolve({ sha256: logo.sha256 }) });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("cache-control")).toContain("immutable");
    expect(Buffer.from(await res.arrayBuffer()).equals(PNG)).toBe(true);
    expect((await serveLogo(new Request("http://app.test"), { params: Promise.resolve({ sha256: "0".repeat(64) }) })).status).toBe(404);
    expect((await serveLogo(new Request("http://app.test"), { params: Promise.resolve({ sha256: "../etc" }) })).status).toBe(404);

    const link = await generatePayoutLink(db.prisma, { organizationId: organization.id, actor: "test" }, { amount: 500, currency: "USD", description: "Logo test" });
    await updateOrganizationBranding(db.prisma, actor, { displayName: "Logo Co", logoUrl: `${base}/logo.png`, accentColor: "#facc15", supportEmail: "help@logo.test" }, "keep");
    expect(await getClaimBranding(db.prisma, link.token)).toEqual({
      name: "Logo Co",
      logoPath: `/api/brand-logos/${logo.sha256}`,
      accent: { background: "#facc15", text: "#000000" },
      supportEmail: "help@logo.test",
    });
    // Removing the logo clears it from the claim page.
    await updateOrganizationBranding(db.prisma, actor, { displayName: null, logoUrl: null, accentColor: null, supportEmail: null }, null);
    expect(await getClaimBranding(db.prisma, link.token)).toEqual({ name: "Logo Org", logoPath: null, accent: null, supportEmail: null });
  });
});
