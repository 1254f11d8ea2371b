import { describe, expect, it } from "vitest";
import { checkNewLink, type NewLinkFields } from "./new-link-input";

const limits = { maxCents: 500_000, maxTtlSeconds: 30 * 24 * 3600 };
const base: NewLinkFields = { amount: "25.00", description: "Bonus", expiry: "604800", metadata: [], recipientEmail: "" };
const now = Date.parse("2026-11-24T12:00:00Z");

describe("checkNewLink", () => {
  it("turns the fields into generatePayoutLink's input", () => {
    expect(checkNewLink({ ...base, metadata: [{ key: "order", value: "4127" }, { key: "", value: "" }], recipientEmail: " ana@example.com " }, limits, now)).toEqual({
      ok: true,
      input: { amount: 2500, currency: "USD", description: "Bonus", expires_in_seconds: 604800, metadata: { order: "4127" } },
      recipientEmail: "ana@example.com",
    });
  });

  it("takes a custom expiry as seconds from now, within the maximum", () => {
    const ok = checkNewLink({ ...base, expiry: "custom", customExpiry: "2026-11-25T12:00:00Z" }, limits, now);
    expect(ok.ok && ok.input.expires_in_seconds).toBe(86_400);
    expect(checkNewLink({ ...base, expiry: "custom", customExpiry: "2027-01-24T12:00:00Z" }, limits, now)).toEqual({ ok: false, errors: { expires_in_seconds: "The expiry must be within 30 days." } });
    expect(checkNewLink({ ...base, expiry: "custom", customExpiry: "2026-11-24T11:00:00Z" }, limits, now)).toEqual({ ok: false, errors: { expires_in_seconds: "The expiry must be at least a minute from now." } });
    expect(checkNewLink({ ...base, expiry: "custom" }, limits, now)).toMatchObject({ ok: false, errors: { expires_in_seconds: expect.any(String) } });
  });

  it("puts each problem on its own field", () => {
    const result = checkNewLink(
      { amount: "$5", description: "x".repeat(1001), expiry: "99999999", metadata: [{ key: "a", value: "1" }, { key: "a", value: "2" }], recipientEmail: "nope" },
      limits,
      now,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(["amount", "description", "expires_in_seconds", "metadata", "recipient_email"]);
    expect(result.errors.description).toBe("description must be at most 1000 characters");
    expect(result.errors.metadata).toBe("Metadata keys must be different from each other.");
  });

  it("refuses an amount above the cap next to the amount", () => {
    expect(checkNewLink({ ...base, amount: "5000.01" }, limits, now)).toEqual({ ok: false, errors: { amount: "The amount is above this organisation's per-link cap of $5,000.00." } });
  });
});
