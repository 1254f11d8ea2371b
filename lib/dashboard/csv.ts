// RFC 4180 CSV, both ways. Isomorphic and dependency-free: the bulk upload parses the operator's
// file with it and the export writes with it.

export type CsvParse = { ok: true; rows: string[][] } | { ok: false; message: string; line: number };

/**
 * Rows of fields. Accepts a UTF-8 BOM, CRLF or LF line ends, quoted fields with "" for a quote and
 * embedded newlines. A blank line at the very end is ignored. Each row carries the 1-based line it
 * starts on, so errors can point at the operator's own line numbers.
 */
export function parseCsv(text: string): { ok: true; rows: { line: number; fields: string[] }[] } | { ok: false; message: string; line: number } {
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = "";
  let line = 1;
  let rowLine = 1;
  let i = 0;
  let quoted = false;
  let fieldStarted = false;
  const endField = () => {
    fields.push(field);
    field = "";
    fieldStarted = false;
  };
  const endRow = () => {
    endField();
    rows.push({ line: rowLine, fields });
    fields = [];
  };
  while (i < input.length) {
    const c = input[i];
    if (quoted) {
      if (c === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        const next = input[i];
        if (next !== undefined && next !== "," && next !== "\n" && next !== "\r") {
          return { ok: false, message: "A quoted field must end at a comma or the end of the line.", line };
        }
        continue;
      }
      if (c === "\n") line++;
      field += c;
      i++;
      continue;
    }
    if (c === '"') {
      if (fieldStarted || field !== "") return { ok: false, message: 'A quote (") may only start a field; write "" inside a quoted field.', line };
      quoted = true;
      fieldStarted = true;
      i++;
      continue;
    }
    if (c === ",") {
      endField();
      i++;
      continue;
    }
    if (c === "\r" || c === "\n") {
      endRow();
      i += c === "\r" && input[i + 1] === "\n" ? 2 : 1;
      line++;
      rowLine = line;
      continue;
    }
    field += c;
    fieldStarted = true;
    i++;
  }
  if (quoted) return { ok: false, message: "A quoted field is not closed.", line: rowLine };
  if (field !== "" || fieldStarted || fields.length > 0) endRow();
  return { ok: true, rows };
}

// A cell a spreadsheet would run as a formula (=, +, -, @, and tab/CR which some treat the same)
// gets a leading apostrophe: OWASP's advice against CSV injection. Descriptions and metadata come
// from operators' own users (claimants' names), so they are not trusted.
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: formula-guarded, then quoted when it holds a comma, quote or line break. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return String(value);
  const guarded = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

/** One line, CRLF-terminated as RFC 4180 says. */
export function csvLine(values: (string | number | null | undefined)[]): string {
  return values.map(csvCell).join(",") + "\r\n";
}
