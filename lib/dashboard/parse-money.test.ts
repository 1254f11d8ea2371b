import { describe, expect, it } from "vitest";
import { centsToDecimal, formatCents, parseDollarsToCents } from "./parse-money";

describe("parseDollarsToCents", () => {
  it.each([
    ["12", 1200],
    ["12.3", 1230],
    ["12.30", 1230],
    ["1000.00", 100_000],
    ["0.01", 1],
    ["0.1", 10],
    ["00012.05", 1205],
    ["  7.5 ", 750],
    ["1.00", 100],
    ["19.99", 1999],
    ["4999.99", 499_999],
    ["5000", 500_000],
    ["0.29", 29], // 0.29 * 100 is 28.999999999999996 in floating point
    ["1.15", 115], // 1.15 * 100 is 114.99999999999999
    ["9007199254.74", 900_719_925_474],
  ])("accepts %j as %d cents", (input, cents) => {
    expect(parseDollarsToCents(input)).toEqual({ ok: true, cents });
  });

  it.each([
    ["12.345", "at most two digits"],
    ["-5", "more than zero"],
    ["-0.01", "more than zero"],
    ["1,000.00", "no $ or commas"],
    ["$5", "no $ or commas"],
    ["abc", "no $ or commas"],
    ["", "Enter an amount"],
    ["   ", "Enter an amount"],
    ["0", "more than zero"],
    ["0.00", "more than zero"],
    ["12.", "no $ or commas"],
    [".5", "no $ or commas"],
    ["1e3", "no $ or commas"],
    ["+5", "no $ or commas"],
    ["5 00", "no $ or commas"],
    ["5.5.5", "no $ or commas"],
    ["１２", "no $ or commas"], // full-width digits
    ["12.3a", "no $ or commas"],
    ["Infinity", "no $ or commas"],
    ["NaN", "no $ or commas"],
    ["0x10", "no $ or commas"],
    ["99999999999999", "too large"],
  ])("refuses %j", (input, message) => {
    const result = parseDollarsToCents(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(message);
  });

  it("refuses amounts above the cap and accepts the cap itself", () => {
    expect(parseDollarsToCents("5000.00", { maxCents: 500_000 })).toEqual({ ok: true, cents: 500_000 });
    const above = parseDollarsToCents("5000.01", { maxCents: 500_000 });
    expect(above).toEqual({ ok: false, message: "The amount is above this organisation's per-link cap of $5,000.00." });
  });
});

describe("formatCents", () => {
  it.each([
    [0, "$0.00"],
    [1, "$0.01"],
    [25_000, "$250.00"],
    [123_456_789, "$1,234,567.89"],
    [-1205, "-$12.05"],
    [10_000_000_000n, "$100,000,000.00"],
  ])("%d → %s", (cents, text) => expect(formatCents(cents)).toBe(text));
});

describe("centsToDecimal", () => {
  it.each([
    [1, "0.01"],
    [1230, "12.30"],
    [100_000, "1000.00"],
  ])("%d → %s", (cents, text) => expect(centsToDecimal(cents)).toBe(text));
});
