import { describe, expect, it } from "vitest";
import { csvCell, csvLine, parseCsv } from "./csv";

const rows = (text: string) => {
  const parsed = parseCsv(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.rows;
};

describe("parseCsv", () => {
  it("reads plain rows with LF and CRLF line ends alike", () => {
    expect(rows("a,b\n1,2\n")).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ["1", "2"] },
    ]);
    expect(rows("a,b\r\n1,2\r\n3,4")).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ["1", "2"] },
      { line: 3, fields: ["3", "4"] },
    ]);
  });

  it("drops a UTF-8 BOM", () => {
    expect(rows("\uFEFFamount,description\n5,x")[0].fields).toEqual(["amount", "description"]);
  });

  it("unquotes fields with commas, doubled quotes and embedded newlines, and keeps line numbers of the file", () => {
    const parsed = rows('amount,description\n5,"Bonus, Q3"\n6,"He said ""hi"""\n7,"two\r\nlines"\n8,after');
    expect(parsed.map((r) => r.fields)).toEqual([
      ["amount", "description"],
      ["5", "Bonus, Q3"],
      ["6", 'He said "hi"'],
      ["7", "two\r\nlines"],
      ["8", "after"],
    ]);
    expect(parsed.map((r) => r.line)).toEqual([1, 2, 3, 4, 6]);
  });

  it("keeps empty fields and empty quoted fields", () => {
    expect(rows('a,,""\n,,\n')).toEqual([
      { line: 1, fields: ["a", "", ""] },
      { line: 2, fields: ["", "", ""] },
    ]);
  });

  it("refuses an unclosed quote and a stray quote, naming the line", () => {
    expect(parseCsv('a\n"open\nstill open')).toEqual({ ok: false, message: "A quoted field is not closed.", line: 2 });
    expect(parseCsv('a\nx"y\n')).toMatchObject({ ok: false, line: 2 });
    expect(parseCsv('a\n"x"y\n')).toMatchObject({ ok: false, line: 2 });
  });

  it("reads 10,001 data rows", () => {
    const text = "amount,description\n" + Array.from({ length: 10_001 }, (_, i) => `${i + 1}.00,row ${i}`).join("\n");
    const parsed = rows(text);
    expect(parsed).toHaveLength(10_002);
    expect(parsed[10_001]).toEqual({ line: 10_002, fields: ["10001.00", "row 10000"] });
  });
});

describe("csvCell", () => {
  it.each([
    ["plain", "plain"],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["=HYPERLINK(\"http://x\")", '"\'=HYPERLINK(""http://x"")"'],
    ["+1 555", "'+1 555"],
    ["-5", "'-5"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tindent", "'\tindent"],
    ["a=b", "a=b"],
    ["", ""],
  ])("%j → %s", (value, cell) => expect(csvCell(value)).toBe(cell));

  it("writes numbers as they are (negative amounts are not formulas) and nulls as empty", () => {
    expect(csvCell(-5)).toBe("-5");
    expect(csvCell(null)).toBe("");
    expect(csvLine(["plink_1", 2500, "Bonus, Q3", null])).toBe('plink_1,2500,"Bonus, Q3",\r\n');
  });

  it("round-trips through the parser", () => {
    const values = ["a,b", 'q"uote', "multi\r\nline", "=1+1", "plain"];
    const parsed = rows(csvLine(values));
    expect(parsed[0].fields).toEqual(["a,b", 'q"uote', "multi\r\nline", "'=1+1", "plain"]);
  });
});
