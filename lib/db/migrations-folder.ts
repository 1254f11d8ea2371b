import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

// Read at run time from the working directory (the project root under `npm start`).
export const PRISMA_DIR = path.resolve(/* turbopackIgnore: true */ process.cwd(), "prisma");
export const SCHEMA_PATH = path.join(PRISMA_DIR, "schema.prisma");
export const MIGRATIONS_DIR = path.join(PRISMA_DIR, "migrations");

/** The committed migrations folder in the shape the schema engine expects (as `prisma migrate` reads it). */
export async function readMigrationsList(dir = MIGRATIONS_DIR) {
  const entries = await readdir(/* turbopackIgnore: true */ dir, { withFileTypes: true }).catch(() => []);
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const migrationDirectories = await Promise.all(
    names.map(async (name) => ({
      path: name,
      migrationFile: {
        path: "migration.sql",
        content: { tag: "ok", value: await readFile(/* turbopackIgnore: true */ path.join(dir, name, "migration.sql"), "utf8") },
      },
    })),
  );
  const lockPath = path.join(dir, "migration_lock.toml");
  const lockContent = await readFile(/* turbopackIgnore: true */ lockPath, "utf8").catch(() => null);
  return {
    baseDir: dir,
    lockfile: { path: "migration_lock.toml", content: lockContent },
    shadowDbInitScript: "",
    migrationDirectories,
  };
}
