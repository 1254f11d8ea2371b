import { describe, expect, it } from "vitest";
import { centsToDollarsInput, formatCents, MAX_CENTS, parseDollars } from "./parse-dollars";

describe("parseDollars", () => {
  it.each([
    ["0", 0],
    ["5", 500],
    ["12.3", 1230],
    ["12.34", 1234],
    ["0.01", 1],
    ["19.99", 1999],
    ["0.29", 29],
    [" 1000.00 ", 100_000],
    ["21474836.47", MAX_CENTS],
  ])("%j → %i cents", (input, cents) => {
    expect(parseDollars(input)).toEqual({ ok: true, cents });
  });

  it.each([
    ["12.345", /two decimal places/],
    ["-5", /without a sign/],
    ["+5", /without a sign/],
    ["1,000.00", /thousands separators/],
    ["$5", /currency symbol/],
    ["5$", /currency symbol/],
    ["abc", /like 250/],
    ["", /like 250/],
    ["1e3", /like 250/],
    ["007", /like 250/],
    [".5", /like 250/],
    ["5.", /like 250/],
    ["5 00", /like 250/],
    ["0x10", /like 250/],
    ["Infinity", /like 250/],
    ["21474836.48", /largest amount is \$21,474,836\.47/],
    ["99999999999999999999999", /largest amount/],
  ])("refuses %j", (input, message) => {
    const result = parseDollars(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });

  it("round-trips every cent value through the input format", () => {
    for (const cents of [0, 1, 9, 10, 99, 100, 101, 1999, 123_456, MAX_CENTS]) {
      expect(parseDollars(centsToDollarsInput(cents))).toEqual({ ok: true, cents });
    }
  });

  it("formats cents as dollars", () => {
    expect(formatCents(123_456)).toBe("$1,234.56");
    expect(formatCents(5)).toBe("$0.05");
  });
});
