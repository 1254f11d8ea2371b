// Drives Prisma's own schema engine compiled to WebAssembly (@prisma/schema-engine-wasm), so that
// migrations can be applied and diffed where Prisma's CLI cannot download its native engine
// (offline, air-gapped and locked-down networks). It writes `_prisma_migrations` exactly as
// `prisma migrate deploy` does, so both tools accept the same folder and the same database.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { wholeScriptAdapter } from "./whole-script-adapter";
import { bindMigrationAwareSqlAdapterFactory, type SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";

type Engine = {
  applyMigrations(input: unknown): Promise<{ appliedMigrationNames: string[] }>;
  diff(input: unknown): Promise<{ exitCode: number; stdout: string }>;
  free?(): void;
};

const ENGINE_GLUE = ["@prisma", "schema-engine-wasm", "schema_engine_bg"].join("/");

let glue: Promise<{ SchemaEngine: { new: (opts: unknown, log: (m: string) => void, adapter: unknown) => Promise<Engine> } }> | null = null;

function loadGlue() {
  glue ??= (async () => {
    const g = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: unknown };
    let panic: string | undefined;
    // The engine reports Rust panics through this global before trapping.
    g.PRISMA_WASM_PANIC_REGISTRY ??= { set_message: (m: string) => (panic = m), get: () => panic };
    // Resolved and loaded at run time from node_modules, out of the bundler's sight: the package is
    // ESM-only with a side wasm file, which Next's bundler can neither bundle nor externalise.
    const require = createRequire(path.join(process.cwd(), "package.json"));
    const gluePath: string = require.resolve(/* turbopackIgnore: true */ ENGINE_GLUE);
    const mod = await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ pathToFileURL(gluePath).href);
    const wasmBytes = await readFile(/* turbopackIgnore: true */ path.join(path.dirname(gluePath), "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(wasmBytes, { "./schema_engine_bg.js": mod });
    mod.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start?: () => void }).__wbindgen_start?.();
    return mod;
  })();
  return glue;
}

export async function openSchemaEngine(
  schemaPath: string,
  adapter: SqlMigrationAwareDriverAdapterFactory,
  onScriptError?: (err: unknown) => void,
): Promise<Engine> {
  const { SchemaEngine } = await loadGlue();
  const schema = await readFile(/* turbopackIgnore: true */ schemaPath, "utf8");
  return SchemaEngine.new(
    { datamodels: [[schemaPath, schema]] },
    () => {},
    bindMigrationAwareSqlAdapterFactory(wholeScriptAdapter(adapter, onScriptError)),
  );
}

export const engineFilters = { externalTables: [], externalEnums: [] };
