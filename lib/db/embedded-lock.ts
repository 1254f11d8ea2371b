import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";

// PGlite corrupts its data directory silently when two processes open it, so the directory has
// exactly one owner. The owner writes its pid into `<dir>.lock` with O_EXCL; a later opener reads
// it and refuses while that process is alive. A lock left by a dead process is taken over (the
// same approach as PostgreSQL's postmaster.pid).

export class EmbeddedDatabaseBusyError extends Error {
  constructor(readonly lockPath: string, readonly owner: LockOwner) {
    super(
      `The embedded database in ${path.dirname(lockPath)} is in use by process ${owner.pid} (${owner.command}), ` +
        `started ${owner.startedAt}.\n` +
        `Only one process may open it at a time. Stop that process first (Ctrl-C in its terminal), ` +
        `or run against PostgreSQL by setting DATABASE_URL.`,
    );
    this.name = "EmbeddedDatabaseBusyError";
  }
}

type LockOwner = { pid: number; host: string; command: string; startedAt: string };

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readOwner(lockPath: string): LockOwner | null {
  try {
    return JSON.parse(readFileSync(lockPath, "utf8")) as LockOwner;
  } catch {
    return null;
  }
}

export function acquireEmbeddedLock(dataDir: string, command: string): () => void {
  mkdirSync(path.dirname(dataDir), { recursive: true });
  const lockPath = `${dataDir}.lock`;
  const me: LockOwner = { pid: process.pid, host: hostname(), command, startedAt: new Date().toISOString() };

  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(lockPath, "wx", 0o600);
      writeSync(fd, JSON.stringify(me));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        if (readOwner(lockPath)?.pid === process.pid) unlinkSync(lockPath);
      };
      process.once("exit", release);
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    const owner = readOwner(lockPath);
    // A half-written lock file means its writer is between open and write: treat it as alive.
    if (!owner) throw new EmbeddedDatabaseBusyError(lockPath, { pid: 0, host: "?", command: "unknown", startedAt: "just now" });
    if (owner.host === me.host && !isAlive(owner.pid)) {
      unlinkSync(lockPath);
      continue;
    }
    if (owner.pid === process.pid) throw new Error(`${lockPath} is already held by this process`);
    throw new EmbeddedDatabaseBusyError(lockPath, owner);
  }
  throw new Error(`could not take ${lockPath}`);
}
