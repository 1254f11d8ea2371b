import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";

// The schema engine applies each migration through the adapter's executeScript, and both adapters
// get it wrong for migrations: pglite-prisma-adapter starts the script without awaiting it (errors
// become unhandled rejections and the engine records the migration as applied), and adapter-pg
// splits the script on every ";" (breaking on one inside a comment or a string) and runs the
// pieces one by one. Send the script whole instead: PostgreSQL runs a multi-statement simple query
// as one implicit transaction, so a migration applies completely or not at all, and errors surface.

type ScriptRunner = { exec?: (sql: string) => Promise<unknown>; query?: (sql: string) => Promise<unknown> };

function patch(adapter: SqlDriverAdapter, onError: (err: unknown) => void): SqlDriverAdapter {
  const client = (adapter as unknown as { client: ScriptRunner }).client;
  adapter.executeScript = async (script: string) => {
    try {
      if (typeof client.exec === "function") await client.exec(script);
      else if (typeof client.query === "function") await client.query(script);
      else throw new Error("unsupported driver for migrations");
    } catch (err) {
      // The engine reports only "External error id#0"; keep the database's own words.
      onError(err);
      throw err;
    }
  };
  return adapter;
}

export function wholeScriptAdapter(
  factory: SqlMigrationAwareDriverAdapterFactory,
  onError: (err: unknown) => void = () => {},
): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => patch(await factory.connect(), onError),
    connectToShadowDb: async () => patch(await factory.connectToShadowDb(), onError),
  };
}
