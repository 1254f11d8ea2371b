import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { acquireEmbeddedLock, EmbeddedDatabaseBusyError } from "./embedded-lock";

const freshDir = () => path.join(mkdtempSync(path.join(tmpdir(), "lock-test-")), "pglite");

describe("the embedded database lock", () => {
  it("refuses a second opener while the first is alive, naming the owner", async () => {
    const dir = freshDir();
    // A real second process holds the lock, as `npm start` would.
    const holder = spawn(process.execPath, ["-e", `require("fs").writeFileSync(${JSON.stringify(dir + ".lock")}, JSON.stringify({pid: process.pid, host: ${JSON.stringify(hostname())}, command: "npm start", startedAt: "t"})); setInterval(() => {}, 1000)`]);
    try {
      // Wait until the holder has written its lock (process start-up takes longer on a loaded machine).
      for (let waited = 0; !existsSync(`${dir}.lock`); waited += 25) {
        if (waited > 20_000) throw new Error("the holder process never wrote its lock");
        await new Promise((r) => setTimeout(r, 25));
      }
      let error: unknown;
      try {
        acquireEmbeddedLock(dir, "npm run admin");
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(EmbeddedDatabaseBusyError);
      expect((error as Error).message).toContain(`process ${holder.pid} (npm start)`);
    } finally {
      holder.kill("SIGKILL");
    }
  });

  it("takes over a lock left by a process that died", () => {
    const dir = freshDir();
    writeFileSync(`${dir}.lock`, JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname(), command: "crashed", startedAt: "t" }));
    const release = acquireEmbeddedLock(dir, "test");
    expect(existsSync(`${dir}.lock`)).toBe(true);
    release();
    expect(existsSync(`${dir}.lock`)).toBe(false);
  });

  it("is exclusive within one process too, and free again after release", () => {
    const dir = freshDir();
    const release = acquireEmbeddedLock(dir, "first");
    expect(() => acquireEmbeddedLock(dir, "second")).toThrow(/already held by this process/);
    release();
    acquireEmbeddedLock(dir, "third")();
  });
});
