import { describe, expect, it } from "vitest";
import { canonicalJson } from "./canonical-json";
import { NonIntegerLiteral, parseStrictJson } from "./strict-json";

describe("canonicalJson", () => {
  it("is the same for the same parameters in another order or spacing", () => {
    const a = parseStrictJson('{"amount": 100, "metadata": {"b": "2", "a": "1"}, "currency": "USD"}');
    const b = parseStrictJson('{"currency":"USD","metadata":{"a":"1","b":"2"},"amount":100}');
    expect(canonicalJson(a)).toBe(canonicalJson(b));
  });

  it("differs when a value differs, and keeps non-integer literals as written", () => {
    expect(canonicalJson({ amount: 100 })).not.toBe(canonicalJson({ amount: 101 }));
    expect(canonicalJson({ a: [1, "x", null, true] })).toBe('{"a":[1,"x",null,true]}');
    expect(canonicalJson({ amount: new NonIntegerLiteral("1e3") })).toBe('{"amount":1000}');
  });
});
