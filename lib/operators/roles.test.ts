import { describe, expect, it } from "vitest";
import { hasRole, MEMBER_ROLES, type MemberRole } from "./roles";

describe("member roles", () => {
  it("are ordered viewer < operator < admin", () => {
    expect(MEMBER_ROLES).toEqual(["viewer", "operator", "admin"]);
  });

  it.each<[MemberRole, MemberRole, boolean]>([
    ["viewer", "viewer", true],
    ["viewer", "operator", false],
    ["viewer", "admin", false],
    ["operator", "viewer", true],
    ["operator", "operator", true],
    ["operator", "admin", false],
    ["admin", "viewer", true],
    ["admin", "operator", true],
    ["admin", "admin", true],
  ])("a %s may do what a %s may: %s", (role, minimum, allowed) => {
    expect(hasRole(role, minimum)).toBe(allowed);
  });
});
