import { describe, expect, it } from "vitest";
import { JsonSyntaxError, NonIntegerLiteral, parseStrictJson } from "./strict-json";

describe("parseStrictJson", () => {
  it("parses what JSON.parse parses, for ordinary documents", () => {
    const docs = ['{"a":1,"b":[true,false,null],"c":"x\\u00e9\\n","d":{"e":-0}}', "[]", '"s"', "0", "-12", '{"k":"\\"\\\\\\/\\b\\f\\r\\t"}'];
    for (const doc of docs) expect(parseStrictJson(doc)).toEqual(JSON.parse(doc));
  });

  it.each(["1e3", "1.0", "12.5", "-5.25", "1E+2", "1e400"])("keeps %s as a non-integer literal", (raw) => {
    const value = parseStrictJson(`{"amount":${raw}}`) as { amount: unknown };
    expect(value.amount).toBeInstanceOf(NonIntegerLiteral);
    expect((value.amount as NonIntegerLiteral).raw).toBe(raw);
  });

  it.each([
    ['{"a":1,"a":2}', "duplicate key"],
    ['{"__proto__":{"x":1}}', "__proto__"],
    ["{'a':1}", "property name"],
    ['{"a":01}', "after the JSON value|expected"],
    ['{"a":1,}', "property name"],
    ["[1,]", "unexpected"],
    ['{"a":"\t"}', "control character"],
    ['{"a":"\\x"}', "bad escape"],
    ['{"a":1} x', "after the JSON value"],
    ["", "end of input"],
    ['{"a":', "end of input"],
    ["NaN", "unexpected character"],
    ['"unterminated', "unterminated"],
  ])("refuses %s", (text, reason) => {
    expect(() => parseStrictJson(text)).toThrow(JsonSyntaxError);
    expect(() => parseStrictJson(text)).toThrow(new RegExp(reason));
  });

  it("refuses absurd nesting instead of overflowing the stack", () => {
    expect(() => parseStrictJson("[".repeat(10_000) + "]".repeat(10_000))).toThrow(/nesting too deep/);
  });
});
