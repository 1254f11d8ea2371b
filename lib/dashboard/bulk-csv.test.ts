import { describe, expect, it } from "vitest";
import { BULK_MAX_ROWS, parseBulkCsv } from "./bulk-csv";

const limits = { maxCents: 500_000, maxTtlSeconds: 30 * 24 * 3600 };

describe("parseBulkCsv", () => {
  it("reads required and optional columns, metadata.* and a BOM with CRLF", () => {
    const result = parseBulkCsv('\uFEFFAmount,description,expires_in_seconds,recipient_email,metadata.order\r\n25.00,"Bonus, Q3",3600,ana@example.com,4127\r\n1,Plain,,,\r\n', limits);
    expect(result).toEqual({
      ok: true,
      rows: [
        { line: 2, amount: 2500, description: "Bonus, Q3", expiresInSeconds: 3600, recipientEmail: "ana@example.com", metadata: { order: "4127" } },
        { line: 3, amount: 100, description: "Plain", expiresInSeconds: undefined, recipientEmail: undefined, metadata: {} },
      ],
    });
  });

  it("refuses a missing required column with a clear message", () => {
    expect(parseBulkCsv("amount,desc\n5,x\n", limits)).toEqual({
      ok: false,
      problems: [
        { line: 1, field: "header", message: "Missing required column: description. The first line must name the columns, e.g. amount,description." },
        { line: 1, field: "header", message: 'Unknown column "desc". Use amount, description, expires_in_seconds, recipient_email and metadata.<key>.' },
      ],
    });
  });

  it("reports every bad row with its line and field, and creates nothing", () => {
    const text = [
      "amount,description,recipient_email,expires_in_seconds",
      "10.00,ok,,",
      "12.345,too precise,,",
      "-5,negative,,",
      "5000.01,above the cap,,",
      '7,"",,',
      "7,bad email,not-an-email,",
      "7,short ttl,,10",
      '8,"multi',
      'line",,,', // five fields where the header has four
      "abc,x,,",
    ].join("\n");
    const result = parseBulkCsv(text, limits);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.line, p.field])).toEqual([
      [3, "amount"],
      [4, "amount"],
      [5, "amount"],
      [6, "description"],
      [7, "recipient_email"],
      [8, "expires_in_seconds"],
      [9, "row"],
      [11, "amount"],
    ]);
    expect(result.problems[2].message).toContain("cap of $5,000.00");
  });

  it("accepts 10,000 rows and refuses 10,001", () => {
    const file = (n: number) => "amount,description\n" + Array.from({ length: n }, (_, i) => `1.00,row ${i}`).join("\n");
    const ok = parseBulkCsv(file(BULK_MAX_ROWS), limits);
    expect(ok.ok && ok.rows.length).toBe(10_000);
    const tooMany = parseBulkCsv(file(BULK_MAX_ROWS + 1), limits);
    expect(tooMany).toEqual({
      ok: false,
      problems: [{ line: 10_002, field: "file", message: "The file has 10,001 rows; at most 10,000 can be created at once. Split it into several files." }],
    });
  });

  it("refuses an empty file, a header alone and a broken quote", () => {
    expect(parseBulkCsv("", limits)).toMatchObject({ ok: false, problems: [{ line: 1, field: "file" }] });
    expect(parseBulkCsv("amount,description\n", limits)).toMatchObject({ ok: false, problems: [{ line: 2, message: "The file has a header but no rows." }] });
    expect(parseBulkCsv('amount,description\n5,"open', limits)).toMatchObject({ ok: false, problems: [{ line: 2, field: "file" }] });
  });
});
