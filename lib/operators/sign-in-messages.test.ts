import { describe, expect, it } from "vitest";
import { signInErrorMessage } from "./sign-in-messages";

describe("sign-in messages", () => {
  it("one message for a wrong password and an unknown email", () => {
    expect(signInErrorMessage("CredentialsSignin")).toBe("The email or password is wrong.");
  });
  it("rounds the wait up to whole minutes", () => {
    expect(signInErrorMessage("RateLimited:1")).toBe("Too many sign-in attempts. Try again in 1 minute.");
    expect(signInErrorMessage("RateLimited:61")).toBe("Too many sign-in attempts. Try again in 2 minutes.");
    expect(signInErrorMessage("RateLimited:900")).toBe("Too many sign-in attempts. Try again in 15 minutes.");
  });
  it("says nothing specific about unexpected errors, and nothing without one", () => {
    expect(signInErrorMessage("OAuthCallback")).toBe("Sign-in did not work. Check the email and password, or try again.");
    expect(signInErrorMessage(undefined)).toBeNull();
  });
});
