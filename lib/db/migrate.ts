import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { engineFilters, openSchemaEngine } from "./schema-engine";
import { MIGRATIONS_DIR, readMigrationsList, SCHEMA_PATH } from "./migrations-folder";

/** Applies every committed migration not yet applied; returns the names it applied. */
export async function applyMigrations(
  adapter: SqlMigrationAwareDriverAdapterFactory,
  options: { migrationsDir?: string; schemaPath?: string } = {},
): Promise<string[]> {
  let scriptError: unknown;
  const engine = await openSchemaEngine(options.schemaPath ?? SCHEMA_PATH, adapter, (err) => (scriptError = err));
  try {
    const result = await engine.applyMigrations({
      migrationsList: await readMigrationsList(options.migrationsDir ?? MIGRATIONS_DIR),
      filters: engineFilters,
    });
    return result.appliedMigrationNames;
  } catch (err) {
    const failed = String(err).match(/migration_name=\\?"([^"\\]+)/)?.[1] ?? "a migration";
    const reason = scriptError instanceof Error ? scriptError.message : String(err);
    throw new Error(`Could not apply ${failed}: ${reason}. Nothing of it was applied; fix it and start again.`, { cause: err });
  } finally {
    engine.free?.();
  }
}
