import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "@/lib/db/generated/client";
import { queryRows } from "@/lib/db/raw-query";
import { testBackend } from "../support/backend";
import { createTestDatabase, type TestDatabase } from "../support/database";

// queryRows sends hot-path statements straight to the pg pool outside a transaction on PostgreSQL,
// and through Prisma otherwise. Callers must not be able to tell which one ran.
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ poolSize: 4 });
});
afterAll(async () => {
  await db.destroy();
});

const everyType = Prisma.sql`
  SELECT ${"plain"}::text AS t, 42::int4 AS i, true AS b, NULL::timestamptz AS missing,
         ${new Date("2026-11-24T12:34:56.789Z")}::timestamptz AS at,
         ARRAY['treasury', 'other']::text[] AS caps,
         ${JSON.stringify({ a: 1, nested: ["x"] })}::jsonb AS meta`;

describe(`queryRows (${testBackend()})`, () => {
  it("gives the same rows, with the same JavaScript types, as Prisma's $queryRaw", async () => {
    const direct = await queryRows<Record<string, unknown>>(db.prisma, everyType);
    const viaPrisma = await db.prisma.$queryRaw<Record<string, unknown>[]>(everyType);
    expect(direct).toEqual(viaPrisma);
    expect(direct).toEqual([
      {
        t: "plain",
        i: 42,
        b: true,
        missing: null,
        at: new Date("2026-11-24T12:34:56.789Z"),
        caps: ["treasury", "other"],
        meta: { a: 1, nested: ["x"] },
      },
    ]);
  });

  it("inside a transaction, runs on the transaction's connection: it sees that transaction's own writes", async () => {
    const name = `raw-query-${Date.now()}`;
    const seen = await db.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`INSERT INTO organizations (id, name, max_link_amount, default_link_ttl_seconds) VALUES (${name}, ${name}, 100, 60)`;
      const inside = await queryRows<{ n: number }>(tx, Prisma.sql`SELECT count(*)::int4 AS n FROM organizations WHERE id = ${name}`);
      const outside = db.kind === "postgresql" ? await queryRows<{ n: number }>(db.prisma, Prisma.sql`SELECT count(*)::int4 AS n FROM organizations WHERE id = ${name}`) : null;
      throw Object.assign(new Error("roll back"), { inside, outside });
    }).catch((err: { inside: { n: number }[]; outside: { n: number }[] | null }) => err);
    expect(seen.inside).toEqual([{ n: 1 }]);
    // Outside the transaction (another pooled connection) the uncommitted row is invisible.
    if (db.kind === "postgresql") expect(seen.outside).toEqual([{ n: 0 }]);
    expect(await queryRows(db.prisma, Prisma.sql`SELECT 1 FROM organizations WHERE id = ${name}`)).toEqual([]);
  });
});
