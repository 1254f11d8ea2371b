import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { engineFilters, openSchemaEngine } from "./schema-engine";
import { readMigrationsList, SCHEMA_PATH } from "./migrations-folder";

/** Applies every committed migration not yet applied; returns the names it applied. */
export async function applyMigrations(adapter: SqlMigrationAwareDriverAdapterFactory): Promise<string[]> {
  const engine = await openSchemaEngine(SCHEMA_PATH, adapter);
  try {
    const result = await engine.applyMigrations({
      migrationsList: await readMigrationsList(),
      filters: engineFilters,
    });
    return result.appliedMigrationNames;
  } finally {
    engine.free?.();
  }
}
