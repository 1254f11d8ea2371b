import { describe, expect, it } from "vitest";
import { sealDataField } from "./seal-data-field";

const seal = sealDataField("token", (token) => ({ url: `https://pay.example/claim/${token}` }));
const body = { data: { id: "plink_1", url: "https://pay.example/claim/tok_secret", token: "tok_secret", amount: 100 } };

describe("sealDataField", () => {
  it("stores the secret only as ciphertext, without the fields derived from it", () => {
    const sealed = seal.seal(body) as { data: Record<string, unknown> };
    expect(JSON.stringify(sealed)).not.toContain("tok_secret");
    expect(sealed.data).toEqual({ id: "plink_1", amount: 100, token_ciphertext: expect.stringMatching(/^v1\./) });
  });

  it("a replay opens it back to the response that was sealed", () => {
    expect(seal.open(JSON.parse(JSON.stringify(seal.seal(body))))).toEqual(body);
  });

  it("refusals and bodies without the field pass through untouched", () => {
    const refusal = { error: { type: "invalid_request_error", code: "insufficient_funds" } };
    expect(seal.seal(refusal)).toBe(refusal);
    expect(seal.open(refusal)).toBe(refusal);
    const list = { data: [{ token: "x" }] };
    expect(seal.seal({ data: { id: "no token" } })).toEqual({ data: { id: "no token" } });
    expect(seal.open(list)).toBe(list);
  });
});
