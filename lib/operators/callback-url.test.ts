import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "./callback-url";

describe("safeCallbackUrl", () => {
  const own = "http://127.0.0.1:3000";
  it.each([
    [undefined, "/dashboard"],
    ["", "/dashboard"],
    ["/dashboard/links?status=pending", "/dashboard/links?status=pending"],
    ["http://127.0.0.1:3000/dashboard/settings?x=1", "/dashboard/settings?x=1"],
    ["https://evil.example/steal", "/dashboard"],
    ["//evil.example/steal", "/dashboard"],
    ["/\\evil.example", "/dashboard"],
    ["javascript:alert(1)", "/dashboard"],
    ["dashboard", "/dashboard"],
    ["/sign-in?callbackUrl=/x", "/dashboard"],
    ["/api/auth/signout", "/dashboard"],
  ])("%s → %s", (input, expected) => {
    expect(safeCallbackUrl(input, own)).toBe(expected);
  });

  it("refuses absolute URLs when it does not know its own origin", () => {
    expect(safeCallbackUrl("http://127.0.0.1:3000/dashboard/links")).toBe("/dashboard");
  });
});
