import { randomBytes } from "node:crypto";

// One key per test worker, inherited by the servers it spawns, so links created in either place
// can be read in the other.
process.env.ENCRYPTION_KEY ??= randomBytes(32).toString("hex");
// Servers on PostgreSQL need a session secret shared by their processes (lib/operators/auth-secret.ts).
process.env.NEXTAUTH_SECRET ??= randomBytes(32).toString("base64url");
process.env.NEXT_TELEMETRY_DISABLED = "1";
