import { describe, expect, it } from "vitest";
import { claimantEmailError, claimantNameError } from "./claimant-fields";
import { ClaimantEmail, ClaimantName } from "./schemas";

// The claim page validates with claimant-fields.ts (no zod in the browser bundle); the server with
// the zod schemas. They must accept the same values and say the same thing first.
function zodFirst(schema: typeof ClaimantName | typeof ClaimantEmail, value: string): string | null {
  const result = schema.safeParse(value);
  return result.success ? null : result.error.issues[0].message;
}

const NAMES = ["", " ", "   \t ", "A", "  Alberta Charleson  ", "x".repeat(200), "x".repeat(201), ` ${"x".repeat(200)} `, "Al\u0000berta", "Al\nberta", "Al\u007fberta", "Zoë Ñúñez-O'Brien", "李小龍", "x".repeat(201) + "\u0000"];
const EMAILS = ["", " ", "alberta", "alberta@", "@example.com", "alberta@example", "alberta@example.com", " alberta@example.com ", "al berta@example.com", "alberta@exa mple.com", "a@b@c.com", "a@b.c", `${"a".repeat(243)}@example.com`, `${"a".repeat(244)}@example.com`, `${"a".repeat(300)}`, "ALBERTA@EXAMPLE.COM"];

describe("claimant fields without zod", () => {
  it.each(NAMES)("name %j: same verdict and message as ClaimantName", (value) => {
    expect(claimantNameError(value)).toBe(zodFirst(ClaimantName, value));
  });
  it.each(EMAILS)("email %j: same verdict and message as ClaimantEmail", (value) => {
    expect(claimantEmailError(value)).toBe(zodFirst(ClaimantEmail, value));
  });
});
