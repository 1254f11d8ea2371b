import { describe, expect, it } from "vitest";
import { parseLimitsForm, type LimitsFormFields } from "./limits-form";

const MAX_TTL = 30 * 24 * 3600;
const valid: LimitsFormFields = { max_link_amount: "5000.00", default_link_ttl_hours: "168", dedupe_recipients_by_email: "", min_name_match_score: "" };
const parse = (over: Partial<LimitsFormFields>) => parseLimitsForm({ ...valid, ...over }, MAX_TTL);

describe("parseLimitsForm", () => {
  it("turns the fields into limits", () => {
    expect(parse({})).toEqual({ maxLinkAmount: 500_000, defaultLinkTtlSeconds: 604_800, dedupeRecipientsByEmail: false, minNameMatchScore: null });
    expect(parse({ max_link_amount: "12.34", default_link_ttl_hours: "720", dedupe_recipients_by_email: "on", min_name_match_score: "70" })).toEqual({
      maxLinkAmount: 1234,
      defaultLinkTtlSeconds: 720 * 3600,
      dedupeRecipientsByEmail: true,
      minNameMatchScore: 70,
    });
    expect(parse({ min_name_match_score: "0" }).minNameMatchScore).toBe(0);
    expect(parse({ min_name_match_score: "100" }).minNameMatchScore).toBe(100);
    expect(parse({ min_name_match_score: "off" }).minNameMatchScore).toBeNull();
  });

  it.each([
    [{ max_link_amount: "12.345" }, "amount_invalid", "max_link_amount"],
    [{ max_link_amount: "-5" }, "amount_invalid", "max_link_amount"],
    [{ max_link_amount: "1,000.00" }, "amount_invalid", "max_link_amount"],
    [{ max_link_amount: "$5" }, "amount_invalid", "max_link_amount"],
    [{ max_link_amount: "abc" }, "amount_invalid", "max_link_amount"],
    [{ max_link_amount: "0.00" }, "amount_invalid", "max_link_amount"],
    [{ default_link_ttl_hours: "0" }, "expires_in_invalid", "default_link_ttl_hours"],
    [{ default_link_ttl_hours: "721" }, "expires_in_invalid", "default_link_ttl_hours"],
    [{ default_link_ttl_hours: "1.5" }, "expires_in_invalid", "default_link_ttl_hours"],
    [{ default_link_ttl_hours: "" }, "expires_in_invalid", "default_link_ttl_hours"],
    [{ dedupe_recipients_by_email: "yes" }, "parameter_invalid", "dedupe_recipients_by_email"],
    [{ min_name_match_score: "101" }, "parameter_invalid", "min_name_match_score"],
    [{ min_name_match_score: "-1" }, "parameter_invalid", "min_name_match_score"],
    [{ min_name_match_score: "70.5" }, "parameter_invalid", "min_name_match_score"],
  ])("%j is refused with %s on %s", (over, code, param) => {
    expect(() => parse(over)).toThrow(expect.objectContaining({ code, param }));
  });

  it("the maximum lifetime comes from the server's configuration", () => {
    expect(parseLimitsForm({ ...valid, default_link_ttl_hours: "48" }, 48 * 3600).defaultLinkTtlSeconds).toBe(48 * 3600);
    expect(() => parseLimitsForm({ ...valid, default_link_ttl_hours: "49" }, 48 * 3600)).toThrow(expect.objectContaining({ message: expect.stringMatching(/1 to 48/) }));
  });
});
