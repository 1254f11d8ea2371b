import { afterEach, describe, expect, it } from "vitest";
import { config, resetConfigForTests } from "@/lib/config";

const saved = { ...process.env };
afterEach(() => {
  for (const k of ["PAYOUT_RAIL", "PAYOUT_WORKER", "SANDBOX_SETTLEMENT_DELAY_MS"]) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  resetConfigForTests();
});

describe("payout configuration", () => {
  it("defaults to the sandbox rail, a few seconds' settlement and the worker on", () => {
    for (const k of ["PAYOUT_RAIL", "PAYOUT_WORKER", "SANDBOX_SETTLEMENT_DELAY_MS"]) delete process.env[k];
    resetConfigForTests();
    expect(config()).toMatchObject({ PAYOUT_RAIL: "sandbox", PAYOUT_WORKER: "on", SANDBOX_SETTLEMENT_DELAY_MS: 5_000 });
  });

  it("refuses a rail that does not exist, saying which ones do", () => {
    process.env.PAYOUT_RAIL = "wire";
    resetConfigForTests();
    expect(() => config()).toThrow('Invalid configuration: PAYOUT_RAIL: must be "sandbox" or "plaid-transfer"');
  });

  it("accepts plaid-transfer", () => {
    process.env.PAYOUT_RAIL = "plaid-transfer";
    resetConfigForTests();
    expect(config().PAYOUT_RAIL).toBe("plaid-transfer");
  });

  it("refuses a negative settlement delay and a PAYOUT_WORKER that is not on/off", () => {
    process.env.SANDBOX_SETTLEMENT_DELAY_MS = "-1";
    resetConfigForTests();
    expect(() => config()).toThrow(/SANDBOX_SETTLEMENT_DELAY_MS/);
    delete process.env.SANDBOX_SETTLEMENT_DELAY_MS;
    process.env.PAYOUT_WORKER = "maybe";
    resetConfigForTests();
    expect(() => config()).toThrow(/PAYOUT_WORKER/);
  });
});
