import { createHash } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { describe, expect, it } from "vitest";
import { applyMigrations } from "./migrate";
import { MIGRATIONS_DIR, readMigrationsList, SCHEMA_PATH } from "./migrations-folder";
import { engineFilters, openSchemaEngine } from "./schema-engine";

const committed = readdirSync(MIGRATIONS_DIR).filter((n) => /^\d{14}_/.test(n)).sort();

describe("migrations without Prisma's downloaded engine", () => {
  it("applies every committed migration once, recording them as `prisma migrate deploy` does", async () => {
    const db = new PGlite();
    expect(await applyMigrations(new PrismaPGlite(db))).toEqual(committed);
    expect(await applyMigrations(new PrismaPGlite(db))).toEqual([]);
    const { rows } = await db.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      "SELECT migration_name, checksum, finished_at FROM _prisma_migrations ORDER BY migration_name",
    );
    expect(rows.map((r) => r.migration_name)).toEqual(committed);
    for (const row of rows) {
      const sql = readFileSync(path.join(MIGRATIONS_DIR, row.migration_name, "migration.sql"));
      expect(row.checksum).toBe(createHash("sha256").update(sql).digest("hex"));
      expect(row.finished_at).not.toBeNull();
    }
    await db.close();
  });

  it("fails loudly on a broken migration and applies none of it", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "migrations-"));
    cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    mkdirSync(path.join(dir, "29991231235959_broken"));
    // The first statement is valid; the script as a whole must still leave no trace.
    writeFileSync(path.join(dir, "29991231235959_broken", "migration.sql"), 'CREATE TABLE "half_done" (id int);\nSELECT * FROM "no_such_table";\n');
    const db = new PGlite();
    await expect(applyMigrations(new PrismaPGlite(db), { migrationsDir: dir })).rejects.toThrow(/Could not apply 29991231235959_broken: .*no_such_table/);
    const { rows } = await db.query<{ exists: boolean }>("SELECT to_regclass('half_done') IS NOT NULL AS exists");
    expect(rows[0].exists).toBe(false);
    await db.close();
  });

  it("has committed migrations that produce exactly prisma/schema.prisma (no drift)", async () => {
    const scratch = new PGlite();
    const engine = await openSchemaEngine(SCHEMA_PATH, new PrismaPGlite(scratch));
    const { stdout } = await engine.diff({
      from: { tag: "migrations", ...(await readMigrationsList()) },
      to: { tag: "schemaDatamodel", files: [{ path: SCHEMA_PATH, content: readFileSync(SCHEMA_PATH, "utf8") }] },
      script: true,
      exitCode: null,
      filters: engineFilters,
    });
    expect(stdout.trim()).toMatch(/^(-- This is an empty migration\.)?$/);
    await scratch.close();
  });
});
