// withIdempotentStatement with generate, against a real database (PostgreSQL when reachable, else
// PGlite): the statement stores its own response; a request that loses the race for its key has its
// whole statement undone (no second hold) and replays the winner; refusals are stored and replayed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/support/database";
import { createFundedOrg, type OrgFixture } from "@/test/support/fixtures";
import { waitUntilBlocked } from "@/test/support/lock-order";
import { openTransaction } from "@/test/support/open-transaction";
import { generatePayoutLink } from "../payout-links/generate-payout-link";
import { payoutLinkSeal } from "../payout-links/link-seal";
import type { PayoutLink } from "../payout-links/schemas";
import type { AppError } from "../errors/app-error";
import { cancelPayoutLink } from "../payout-links/cancel-payout-link";
import { withIdempotency, withIdempotentStatement, type IdempotencyScope, type ResponseRecorder } from "./idempotency";

let db: TestDatabase;
let org: OrgFixture;
beforeAll(async () => {
  db = await createTestDatabase({ poolSize: 10 });
  org = await createFundedOrg(db.prisma, { deposit: 10_000 });
});
afterAll(async () => {
  await db?.destroy();
});

const actor = () => ({ organizationId: org.organizationId, actor: "test" });
const scope = (key: string, requestHash = "hash-a"): IdempotencyScope => ({ organizationId: org.organizationId, key, requestHash });
const generate = (recorder: ResponseRecorder, amount: number) =>
  generatePayoutLink(db.prisma, actor(), { amount, currency: "USD", description: "idempotent statement" }, {
    storeResponse: (link: PayoutLink, gate) => recorder.cte({ status: 201, body: { data: link } }, gate),
  });

const balance = () => db.prisma.fundingAccount.findFirstOrThrow({ where: { organizationId: org.organizationId }, select: { available: true, held: true } });
const holds = () => db.prisma.ledgerEntry.count({ where: { fundingAccountId: org.fundingAccountId, kind: "hold" } });

describe("withIdempotentStatement", () => {
  it("the statement stores its own response (claim token sealed), which the same key then replays", async () => {
    const first = await withIdempotentStatement(db.prisma, scope("stored-by-statement"), (r) => generate(r, 1_000), payoutLinkSeal);
    expect(first).toMatchObject({ status: 201, replayed: false, body: { data: { status: "pending", amount: 1_000 } } });
    const token = (first.body as { data: PayoutLink }).data.token;
    const record = await db.prisma.idempotencyRecord.findUniqueOrThrow({ where: { organizationId_key: { organizationId: org.organizationId, key: "stored-by-statement" } } });
    expect(record).toMatchObject({ responseStatus: 201, requestHash: "hash-a", responseBody: { data: { token_ciphertext: expect.any(String) } } });
    expect(JSON.stringify(record.responseBody)).not.toContain(token);

    const holdsBefore = await holds();
    const again = await withIdempotentStatement(db.prisma, scope("stored-by-statement"), (r) => generate(r, 1_000), payoutLinkSeal);
    expect(again).toEqual({ ...first, replayed: true });
    expect(await holds()).toBe(holdsBefore);
    await expect(withIdempotentStatement(db.prisma, scope("stored-by-statement", "hash-b"), (r) => generate(r, 1_000))).rejects.toMatchObject({
      code: "idempotency_key_reused",
    });
  });

  it("a stored success is replayed even when the balance no longer covers the amount", async () => {
    // The second request's statement would be refused (insufficient_funds) and so never meets the
    // key by inserting the record; the stored 201 must still be the answer, and nothing held.
    const first = await withIdempotentStatement(db.prisma, scope("then-drained"), (r) => generate(r, 500), payoutLinkSeal);
    expect(first).toMatchObject({ status: 201, replayed: false });
    const before = await balance();
    const again = await withIdempotentStatement(db.prisma, scope("then-drained"), (r) => generate(r, Number(before.available) + 1), payoutLinkSeal);
    expect(again).toEqual({ ...first, replayed: true });
    expect(await balance()).toEqual(before);
  });

  it("losing the race for the key undoes the whole statement, hold included, and replays the winner", async () => {
    const before = await balance();
    const holdsBefore = await holds();
    const winner = { status: 201, body: { data: { id: "plink_the_winner" } } };
    let attempts = 0;
    const result = await withIdempotentStatement(db.prisma, scope("lost-race"), async (recorder) => {
      attempts++;
      // Another request with this key commits its response between our check and our statement.
      await db.prisma.idempotencyRecord.create({
        data: { organizationId: org.organizationId, key: "lost-race", requestHash: "hash-a", responseStatus: winner.status, responseBody: winner.body },
      });
      return generate(recorder, 2_000);
    });
    expect(attempts).toBe(1);
    expect(result).toEqual({ ...winner, replayed: true });
    expect(await balance()).toEqual(before);
    expect(await holds()).toBe(holdsBefore);
  });

  it("PostgreSQL: a statement that meets the key still uncommitted waits for it, then is undone and replays it", async () => {
    if (db.kind !== "postgresql") {
      // PGlite has one connection: the open transaction below would hold it, so this race cannot happen there.
      expect(db.kind).toBe("embedded");
      return;
    }
    const before = await balance();
    const holdsBefore = await holds();
    const winner = { status: 201, body: { data: { id: "plink_uncommitted_winner" } } };
    const winnerTx = await openTransaction(db.prisma, (tx) =>
      tx.idempotencyRecord.create({
        data: { organizationId: org.organizationId, key: "uncommitted", requestHash: "hash-a", responseStatus: winner.status, responseBody: winner.body },
      }),
    );
    let settled = false;
    const loser = withIdempotentStatement(db.prisma, scope("uncommitted"), (r) => generate(r, 3_000)).finally(() => (settled = true));
    await new Promise((r) => setTimeout(r, 300));
    // It does not see the uncommitted record, runs its statement, and waits on the key's index entry.
    expect(settled).toBe(false);
    await winnerTx.finish();
    expect(await loser).toEqual({ ...winner, replayed: true });
    expect(await balance()).toEqual(before);
    expect(await holds()).toBe(holdsBefore);
  });

  it("a refusal is stored after the fact and replayed; nothing is held", async () => {
    const before = await balance();
    const first = await withIdempotentStatement(db.prisma, scope("too-poor"), (r) => generate(r, Number(before.available) + 1));
    expect(first).toMatchObject({ status: 422, replayed: false, body: { error: { code: "insufficient_funds", param: "amount" } } });
    // Funds arrive, but the key's answer was given.
    const again = await withIdempotentStatement(db.prisma, scope("too-poor"), (r) => generate(r, 1));
    expect(again).toEqual({ ...first, replayed: true });
    expect(await balance()).toEqual(before);
  });

  it("a handler whose statement does not store the response is a bug, not a silent non-idempotent write", async () => {
    await expect(
      withIdempotentStatement(db.prisma, scope("forgot-recorder"), async () => ({ status: 201, body: {} })),
    ).rejects.toThrow(/did not store its response/);
  });
});

describe("withIdempotency meeting a generate under the same key", () => {
  it("PostgreSQL: a cancel and a generate deadlocked under one key: the victim (here the cancel) runs again; one 2xx, one idempotency_key_reused, never a 500", async () => {
    if (db.kind !== "postgresql") {
      // PGlite has one connection: the open transaction below would hold it, so this race cannot happen there.
      expect(db.kind).toBe("embedded");
      return;
    }
    // A client's error: one key sent at once with a cancel (takes the key, the link, then the
    // balance) and a generate (takes the balance, then the key). Arranged so the cancel is the victim.
    const link = await generatePayoutLink(db.prisma, actor(), { amount: 500, currency: "USD", description: "to cancel" });
    const linkId = link.id.replace("plink_", "");
    // 1. Something holds the link, so the cancel stops after inserting the key.
    const blocker = await openTransaction(db.prisma, (tx) => tx.$queryRaw`SELECT id FROM payout_links WHERE id = ${linkId} FOR UPDATE`);
    const cancel = withIdempotency(db.prisma, scope("one-key-two-requests", "hash-cancel"), async (tx) => ({
      status: 200,
      body: { data: await cancelPayoutLink(tx, actor(), link.id) },
    })).then((r) => ({ ok: r }), (err: unknown) => ({ err }));
    expect(await waitUntilBlocked(db.prisma, 'UPDATE "public"."payout_links"')).toBe(true);
    // 2. The generate holds the balance and waits for the cancel's key. Once its own deadlock check
    // (after deadlock_timeout) has come and gone, the cycle can only be found by the cancel.
    const generated = withIdempotentStatement(db.prisma, scope("one-key-two-requests", "hash-generate"), (r) => generate(r, 700)).then(
      (r) => ({ ok: r }),
      (err: unknown) => ({ err }),
    );
    expect(await waitUntilBlocked(db.prisma, "INSERT INTO idempotency_records")).toBe(true);
    const [{ ms }] = await db.prisma.$queryRaw<{ ms: number }[]>`SELECT (EXTRACT(epoch FROM current_setting('deadlock_timeout')::interval) * 1000)::int AS ms`;
    await new Promise((r) => setTimeout(r, ms + 1_000));
    // 3. The cancel moves on to the balance: a cycle, and the cancel is the one that finds it.
    await blocker.finish();
    // Each request gets a definite answer: one does its work, the other is told the key was used
    // for another request. Arranged as above, the generate wins and the cancel had to run again
    // (without that retry it answers Prisma's P2034); were the machine so slow that the generate
    // found the cycle itself, it would be the one to run again, and the cancel would win.
    const [g, c] = [await generated, await cancel];
    const reused = (o: { ok?: unknown; err?: unknown }) => "err" in o && (o.err as AppError).code === "idempotency_key_reused";
    if ("ok" in g) {
      expect(g.ok).toMatchObject({ status: 201, replayed: false });
      expect(reused(c)).toBe(true);
      // The cancel changed nothing: the link is still pending and its hold still in place.
      expect(await db.prisma.payoutLink.findUniqueOrThrow({ where: { id: linkId } })).toMatchObject({ status: "pending" });
    } else {
      expect(reused(g)).toBe(true);
      expect(c).toMatchObject({ ok: { status: 200 } });
    }
    const cancelled = (await db.prisma.payoutLink.findUniqueOrThrow({ where: { id: linkId } })).status === "cancelled";
    expect(await db.prisma.ledgerEntry.count({ where: { payoutLinkId: linkId, kind: "release" } })).toBe(cancelled ? 1 : 0);
  });
});
