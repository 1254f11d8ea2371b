// npm run db:migrate — applies committed migrations to DATABASE_URL, or to the embedded database
// (refusing while a server holds it; the server applies migrations itself when it starts).
import nextEnv from "@next/env";
nextEnv.loadEnvConfig(process.cwd());

const { openDatabase } = await import("../lib/db/client");

try {
  const opened = await openDatabase({ command: "npm run db:migrate" });
  const applied = await opened.migrate();
  console.log(applied.length ? `Applied: ${applied.join(", ")}` : "Database is up to date: nothing to apply.");
  await opened.close();
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
}
