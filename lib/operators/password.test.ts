import type { ScryptOptions } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { CURRENT_PARAMS, hashPassword, needsRehash, verifyAgainstDummy, verifyPassword } from "./password";

// Records each scrypt derivation (and still runs it) so the dummy check's work can be compared.
const scryptCalls: { keyLength: number; options: ScryptOptions }[] = [];
vi.mock("node:crypto", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:crypto")>();
  const scrypt = (...args: Parameters<typeof actual.scrypt>) => {
    scryptCalls.push({ keyLength: args[2] as number, options: args[3] as ScryptOptions });
    return (actual.scrypt as (...a: unknown[]) => void)(...args);
  };
  return { ...actual, default: { ...actual, scrypt }, scrypt };
});

describe("password hashing (scrypt)", () => {
  it("stores a self-describing hash with the current parameters and a fresh salt", async () => {
    const a = await hashPassword("correct horse battery staple");
    const b = await hashPassword("correct horse battery staple");
    expect(a).toMatch(new RegExp(`^scrypt\\$${CURRENT_PARAMS.N}\\$${CURRENT_PARAMS.r}\\$${CURRENT_PARAMS.p}\\$[A-Za-z0-9_-]{22}\\$[A-Za-z0-9_-]{43}$`));
    expect(a).not.toBe(b); // random salt
    expect(a).not.toContain("correct horse");
  });

  it("verifies the right password and refuses a wrong one", async () => {
    const stored = await hashPassword("correct horse battery staple");
    expect(await verifyPassword("correct horse battery staple", stored)).toBe(true);
    expect(await verifyPassword("correct horse battery stapler", stored)).toBe(false);
    expect(await verifyPassword("", stored)).toBe(false);
    expect(await verifyPassword("Correct horse battery staple", stored)).toBe(false);
  });

  it("treats canonically equivalent Unicode as the same password (NFKC)", async () => {
    const stored = await hashPassword("caf\u00e9-password-1");
    expect(await verifyPassword("cafe\u0301-password-1", stored)).toBe(true);
  });

  it("refuses malformed or tampered hashes instead of throwing or allocating without bound", async () => {
    const stored = await hashPassword("a password of some length");
    const parts = stored.split("$");
    expect(await verifyPassword("a password of some length", "plain-text")).toBe(false);
    expect(await verifyPassword("a password of some length", ["bcrypt", ...parts.slice(1)].join("$"))).toBe(false);
    expect(await verifyPassword("a password of some length", ["scrypt", 2 ** 30, 8, 1, parts[4], parts[5]].join("$"))).toBe(false);
    expect(await verifyPassword("a password of some length", ["scrypt", 1000, 8, 1, parts[4], parts[5]].join("$"))).toBe(false); // N not a power of 2
    const flipped = parts[5][0] === "A" ? "B" + parts[5].slice(1) : "A" + parts[5].slice(1);
    expect(await verifyPassword("a password of some length", [...parts.slice(0, 5), flipped].join("$"))).toBe(false);
  });

  it("upgrades parameters: an old hash still verifies, is flagged for rehash, and the new one is not", async () => {
    const weak = { N: 2 ** 14, r: 8, p: 1 };
    const old = await hashPassword("upgrade me please", weak);
    expect(old.startsWith(`scrypt$${2 ** 14}$8$1$`)).toBe(true);
    expect(await verifyPassword("upgrade me please", old)).toBe(true);
    expect(needsRehash(old)).toBe(true);
    const fresh = await hashPassword("upgrade me please");
    expect(needsRehash(fresh)).toBe(false);
    // Raising the target later flags today's hashes too.
    expect(needsRehash(fresh, { ...CURRENT_PARAMS, N: CURRENT_PARAMS.N * 2 })).toBe(true);
    expect(needsRehash("garbage")).toBe(true);
  });

  it("the dummy check for unknown users does the same scrypt work as a real verification", async () => {
    // Equal work, not a stopwatch: a timed assertion flakes on a busy machine. The response time
    // hides whether an account exists as long as both paths run one derivation at the current
    // parameters and key length, which is what this checks.
    const stored = await hashPassword("timing check password");
    await verifyAgainstDummy("warm up the dummy hash");
    const work = async (fn: () => Promise<unknown>) => {
      scryptCalls.length = 0;
      await fn();
      return scryptCalls.map(({ keyLength, options }) => ({ keyLength, N: options.N, r: options.r, p: options.p }));
    };
    const real = await work(() => verifyPassword("wrong guess here", stored));
    const dummy = await work(() => verifyAgainstDummy("wrong guess here"));
    expect(real).toEqual([{ keyLength: 32, ...CURRENT_PARAMS }]);
    expect(dummy).toEqual(real);
    expect(await verifyAgainstDummy("anything")).toBe(false);
  });
});
