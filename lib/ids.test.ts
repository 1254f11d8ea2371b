import { describe, expect, it, vi } from "vitest";

// The random part of the first id in a millisecond comes from here; the test picks it.
const draws: number[][] = [];
vi.mock("./crypto/random-bytes", async (original) => {
  const real = await original<typeof import("./crypto/random-bytes")>();
  return { ...real, secureRandomBytes: (n: number) => (draws.length ? Buffer.from(draws.shift()!) : real.secureRandomBytes(n)) };
});
const { newId, parsePublicId, publicId } = await import("./ids");

describe("newId", () => {
  it("ids made in one millisecond sort in the order they were made, and are distinct", () => {
    const at = Date.parse("2026-11-24T12:00:00.000Z");
    const ids = Array.from({ length: 2_000 }, () => newId(at));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids.map((id) => id.slice(0, 10))).size).toBe(1);
  });

  it("the increment carries across base-32 digits", () => {
    const at = Date.parse("2026-11-24T12:00:01.000Z");
    draws.push([...Array(14).fill(0), 31, 31]);
    const first = newId(at);
    expect(first.slice(10)).toBe("00000000000000ZZ");
    expect(newId(at).slice(10)).toBe("0000000000000100");
  });

  it("another millisecond gets fresh randomness and sorts by its time", () => {
    const t = Date.parse("2026-11-24T12:00:02.000Z");
    draws.push(Array(16).fill(31), Array(16).fill(0));
    const later = newId(t);
    const earlier = newId(t - 1);
    expect(later.slice(10)).toBe("Z".repeat(16));
    expect(earlier.slice(10)).toBe("0".repeat(16));
    expect(earlier < later).toBe(true);
    expect(parsePublicId("payoutLink", publicId("payoutLink", later))).toBe(later);
  });
});
