import { describe, expect, it } from "vitest";
import { bestLegalNameMatch, nameWords, scoreEmail, scoreLegalName } from "./sandbox/name-match";

const OWNER = "Alberta Bobbeth Charleson";

describe("the sandbox bank's legal-name score", () => {
  it("normalises case, accents, punctuation and spacing", () => {
    expect(nameWords("  ÁLBERTA   bobbeth-Charleson, Jr. ")).toEqual(["alberta", "bobbeth", "charleson", "jr"]);
    expect(nameWords("")).toEqual([]);
  });

  it.each([
    ["Alberta Bobbeth Charleson", 100],
    ["alberta BOBBETH charleson", 100],
    ["Alberta  Bobbeth. Charleson", 100],
    ["Älberta Bobbeth Charleson", 100],
    ["Charleson Alberta Bobbeth", 95],
    ["Alberta Charleson", 90],
    ["Alberta B. Charleson", 90],
    ["Alberta Smith", 28],
    ["A. B. Charleson", 46],
    ["Charleson", 35],
    ["Bob Jones", 0],
    ["", 0],
    ["!!!", 0],
  ])("%j scores %i", (given, expected) => {
    expect(scoreLegalName(given, OWNER).score).toBe(expected);
  });

  it("only exact, reordered or first-and-last matches pass Plaid's 70", () => {
    for (const partial of ["Alberta Smith", "Bobbeth", "Alberta Bobbeth", "Bobbeth Charleson", "A. B. C."]) {
      expect(scoreLegalName(partial, OWNER).score).toBeLessThan(70);
    }
  });

  it("is deterministic and never leaves 0-100", () => {
    for (const name of ["x", "Alberta", "alberta alberta alberta", OWNER.repeat(5)]) {
      const a = scoreLegalName(name, OWNER).score;
      expect(scoreLegalName(name, OWNER).score).toBe(a);
      expect(a).toBeGreaterThanOrEqual(0);
      expect(a).toBeLessThanOrEqual(100);
    }
  });

  it("flags a first- or last-name match", () => {
    expect(scoreLegalName("Alberta Jones", OWNER).firstOrLastNameMatch).toBe(true);
    expect(scoreLegalName("Bob Charleson", OWNER).firstOrLastNameMatch).toBe(true);
    expect(scoreLegalName("Bob Jones", OWNER).firstOrLastNameMatch).toBe(false);
  });

  it("takes the best of several owners, and scores emails exactly", () => {
    expect(bestLegalNameMatch("Jane Doe", [OWNER, "Jane Doe"]).score).toBe(100);
    expect(scoreEmail(" AccountHolder0@Example.com ", ["accountholder0@example.com"])).toBe(100);
    expect(scoreEmail("accountholder0@example.org", ["accountholder0@example.com"])).toBe(0);
  });
});
