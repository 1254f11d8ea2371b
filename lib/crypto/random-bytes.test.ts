import { describe, expect, it } from "vitest";
import { secureRandomBytes } from "./random-bytes";

describe("secureRandomBytes", () => {
  it("returns the length asked for, pooled or not", () => {
    for (const n of [0, 1, 12, 16, 32, 256, 257, 5000]) expect(secureRandomBytes(n)).toHaveLength(n);
  });

  it("never hands out the same bytes twice, across block refills", () => {
    // 2,000 draws of 16 bytes span several 4 KiB blocks; a repeat of 128 random bits means reuse.
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) seen.add(secureRandomBytes(16).toString("hex"));
    expect(seen.size).toBe(2000);
  });

  it("gives each caller memory of its own: not a view into the block, not a slice of a shared slab", () => {
    const a = secureRandomBytes(32);
    const b = secureRandomBytes(32);
    for (const draw of [a, b]) {
      expect(draw.byteOffset).toBe(0);
      expect(draw.buffer.byteLength).toBe(32);
    }
    expect(a.buffer).not.toBe(b.buffer);
    const before = Buffer.from(b);
    a.fill(0xff);
    expect(b.equals(before)).toBe(true);
  });

  it("looks uniform: every byte value turns up over 256 KiB of draws", () => {
    const counts = new Array(256).fill(0);
    for (let i = 0; i < 8192; i++) for (const byte of secureRandomBytes(32)) counts[byte]++;
    // Expected 1,024 per value; a byte value missing or six standard deviations off means a bug.
    for (const c of counts) expect(Math.abs(c - 1024)).toBeLessThan(6 * 32);
  });
});
