import { afterEach, describe, expect, it } from "vitest";
import { resetConfigForTests } from "../config";
import { claimsFromToken } from "./session-token";

describe("session claims", () => {
  afterEach(() => {
    delete process.env.SESSION_MAX_AGE_SECONDS;
    resetConfigForTests();
  });

  const now = Date.UTC(2026, 10, 24, 12);
  const token = (signedInAt: number) => ({ userId: "U1", organizationId: "O1", signedInAt });

  it("a session is valid until SESSION_MAX_AGE_SECONDS after sign-in, and not a millisecond longer", () => {
    process.env.SESSION_MAX_AGE_SECONDS = "3600";
    resetConfigForTests();
    expect(claimsFromToken(token(now - 3_599_999), now)).toEqual({ userId: "U1", organizationId: "O1", signedInAt: now - 3_599_999 });
    expect(claimsFromToken(token(now - 3_600_000), now)).toBeNull();
  });

  it("defaults to 12 hours", () => {
    expect(claimsFromToken(token(now - 12 * 3600_000 + 1000), now)).not.toBeNull();
    expect(claimsFromToken(token(now - 12 * 3600_000), now)).toBeNull();
  });

  it("a token without our claims (or none) is no session", () => {
    expect(claimsFromToken(null, now)).toBeNull();
    expect(claimsFromToken({ sub: "x" }, now)).toBeNull();
    expect(claimsFromToken({ userId: "U1" }, now)).toBeNull();
    expect(claimsFromToken({ userId: "U1", signedInAt: now, organizationId: 7 as unknown as string }, now)).toEqual({ userId: "U1", organizationId: null, signedInAt: now });
  });
});
