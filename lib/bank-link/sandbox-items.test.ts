// The sandbox bank's token rules against a real database (PostgreSQL when reachable, else PGlite):
// public tokens are single use under concurrency and expire after 30 minutes; only hashes are stored.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/support/database";
import { findInstitution } from "./sandbox/institutions";
import { PUBLIC_TOKEN_TTL_MS, checkSandboxLogin, createItem, exchangePublicToken, itemForAccessToken, liveLinkToken, removeItem, tokenHash } from "./sandbox/items";
import { SandboxPlaidError } from "./sandbox/plaid-error";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ poolSize: 10 });
});
afterAll(async () => {
  await db?.destroy();
});

const platypus = findInstitution("ins_109508")!;

async function refusal(promise: Promise<unknown>): Promise<SandboxPlaidError> {
  const err = await promise.then(
    () => {
      throw new Error("expected a Plaid error");
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SandboxPlaidError);
  return err as SandboxPlaidError;
}

describe("sandbox items and tokens", () => {
  it("stores only hashes of the public and access tokens", async () => {
    const now = new Date();
    const { item, publicToken } = await createItem(db.prisma, platypus, now);
    expect(item.publicTokenHash).toBe(tokenHash(publicToken));
    const { accessToken } = await exchangePublicToken(db.prisma, publicToken, now);
    const row = await db.prisma.sandboxItem.findUniqueOrThrow({ where: { id: item.id } });
    expect(row.accessTokenHash).toBe(tokenHash(accessToken));
    expect(JSON.stringify(row)).not.toContain(publicToken);
    expect(JSON.stringify(row)).not.toContain(accessToken);
    expect((await itemForAccessToken(db.prisma, accessToken)).item.id).toBe(item.id);
  });

  it("a public token expires 30 minutes after creation", async () => {
    const created = new Date();
    const { publicToken } = await createItem(db.prisma, platypus, created);
    const late = new Date(created.getTime() + PUBLIC_TOKEN_TTL_MS);
    const err = await refusal(exchangePublicToken(db.prisma, publicToken, late));
    expect(err.errorCode).toBe("INVALID_PUBLIC_TOKEN");
    expect(err.message).toContain("expired");
    // Just before: still good.
    await exchangePublicToken(db.prisma, publicToken, new Date(late.getTime() - 1000));
  });

  it("twenty concurrent exchanges of one public token: exactly one wins", async () => {
    const now = new Date();
    const { publicToken } = await createItem(db.prisma, platypus, now);
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => exchangePublicToken(db.prisma, publicToken, now)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect((r.reason as SandboxPlaidError).errorCode).toBe("INVALID_PUBLIC_TOKEN");
  });

  it("a removed item's access token is INVALID_ACCESS_TOKEN, and so is a malformed one", async () => {
    const now = new Date();
    const { publicToken } = await createItem(db.prisma, platypus, now);
    const { accessToken } = await exchangePublicToken(db.prisma, publicToken, now);
    const { item } = await itemForAccessToken(db.prisma, accessToken);
    await removeItem(db.prisma, item, now);
    expect((await refusal(itemForAccessToken(db.prisma, accessToken))).errorCode).toBe("INVALID_ACCESS_TOKEN");
    expect((await refusal(itemForAccessToken(db.prisma, "access-production-1"))).errorCode).toBe("INVALID_ACCESS_TOKEN");
  });

  it("link tokens: unknown, malformed and expired alike are INVALID_LINK_TOKEN", async () => {
    const now = new Date();
    const token = "link-sandbox-11111111-2222-4333-8444-555555555555";
    await db.prisma.sandboxLinkToken.create({ data: { token: tokenHash(token), clientUserId: "u", clientName: "Acme", expiresAt: new Date(now.getTime() + 1000) } });
    expect((await liveLinkToken(db.prisma, token, now)).clientName).toBe("Acme");
    expect((await refusal(liveLinkToken(db.prisma, token, new Date(now.getTime() + 1000)))).errorCode).toBe("INVALID_LINK_TOKEN");
    expect((await refusal(liveLinkToken(db.prisma, "link-sandbox-11111111-2222-4333-8444-000000000000", now))).errorCode).toBe("INVALID_LINK_TOKEN");
    expect((await refusal(liveLinkToken(db.prisma, "nope", now))).errorCode).toBe("INVALID_LINK_TOKEN");
  });

  it("the sandbox login rule", () => {
    expect(() => checkSandboxLogin("user_good", "pass_good")).not.toThrow();
    const code = (u: string, p: string) => {
      try {
        checkSandboxLogin(u, p);
        return null;
      } catch (err) {
        return [(err as SandboxPlaidError).errorType, (err as SandboxPlaidError).errorCode, (err as SandboxPlaidError).status];
      }
    };
    expect(code("user_good", "error_ITEM_LOCKED")).toEqual(["ITEM_ERROR", "ITEM_LOCKED", 400]);
    expect(code("user_good", "error_INSTITUTION_DOWN")).toEqual(["INSTITUTION_ERROR", "INSTITUTION_DOWN", 400]);
    expect(code("user_good", "error_INTERNAL_SERVER_ERROR")).toEqual(["API_ERROR", "INTERNAL_SERVER_ERROR", 500]);
    expect(code("user_good", "error_SOMETHING_NEW")).toEqual(["ITEM_ERROR", "SOMETHING_NEW", 400]);
    expect(code("user_good", "error_lowercase")).toEqual(["ITEM_ERROR", "INVALID_CREDENTIALS", 400]);
    expect(code("user_good", "wrong")).toEqual(["ITEM_ERROR", "INVALID_CREDENTIALS", 400]);
    expect(code("user_bad", "pass_good")).toEqual(["ITEM_ERROR", "INVALID_CREDENTIALS", 400]);
  });
});
