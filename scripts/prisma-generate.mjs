// Runs `prisma generate` (postinstall). The Prisma CLI tries to download a native schema engine
// on every command, even though generate does not use it; pointing PRISMA_SCHEMA_ENGINE_BINARY at
// any existing file skips that download, so installs work offline and behind strict firewalls.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;
env.PRISMA_HIDE_UPDATE_MESSAGE = "1";
const cli = require.resolve("prisma/build/index.js");
const result = spawnSync(process.execPath, [cli, "generate"], { stdio: "inherit", env });
process.exit(result.status ?? 1);
