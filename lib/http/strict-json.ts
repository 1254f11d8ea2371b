// JSON.parse accepts things an API about money should not: `1e3` and `1.0` become integers,
// duplicate keys silently keep the last value. This parser follows RFC 8259 but keeps any number
// written with a fraction or exponent as a NonIntegerLiteral, so `amount: 1e3` fails validation as
// the float it was written as, and it refuses duplicate keys and absurd nesting.

export class NonIntegerLiteral {
  constructor(readonly raw: string) {}
  toJSON() {
    return Number(this.raw);
  }
}

export class JsonSyntaxError extends Error {
  constructor(message: string, readonly position: number) {
    super(`${message} at position ${position}`);
    this.name = "JsonSyntaxError";
  }
}

const MAX_DEPTH = 32;

export function parseStrictJson(text: string): unknown {
  let i = 0;

  const fail = (message: string): never => {
    throw new JsonSyntaxError(message, i);
  };
  const skipWhitespace = () => {
    while (i < text.length && (text[i] === " " || text[i] === "\t" || text[i] === "\n" || text[i] === "\r")) i++;
  };

  const parseString = (): string => {
    const start = i;
    i++; // opening quote
    let out = "";
    let chunkStart = i;
    while (true) {
      if (i >= text.length) fail("unterminated string");
      const c = text.charCodeAt(i);
      if (c === 0x22) break;
      if (c < 0x20) fail("control character in string");
      if (c === 0x5c) {
        out += text.slice(chunkStart, i);
        const e = text[i + 1];
        const simple: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };
        if (e in simple) {
          out += simple[e];
          i += 2;
        } else if (e === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
        } else {
          fail("bad escape in string");
        }
        chunkStart = i;
        continue;
      }
      i++;
    }
    out += text.slice(chunkStart, i);
    i++; // closing quote
    if (start === i) fail("empty string token");
    return out;
  };

  const NUMBER = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;
  const parseNumber = (): number | NonIntegerLiteral => {
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (!m) fail("bad number");
    const raw = m![0];
    i += raw.length;
    return m![1] || m![2] ? new NonIntegerLiteral(raw) : Number(raw);
  };

  const parseValue = (depth: number): unknown => {
    if (depth > MAX_DEPTH) fail("nesting too deep");
    skipWhitespace();
    const c = text[i];
    if (c === "{") {
      i++;
      const obj: Record<string, unknown> = {};
      skipWhitespace();
      if (text[i] === "}") {
        i++;
        return obj;
      }
      while (true) {
        skipWhitespace();
        if (text[i] !== '"') fail("expected a property name");
        const key = parseString();
        if (Object.prototype.hasOwnProperty.call(obj, key)) fail(`duplicate key "${key}"`);
        // Refused outright: too many JavaScript libraries treat it as the prototype, not a key.
        if (key === "__proto__") fail('the key "__proto__" is not allowed');
        skipWhitespace();
        if (text[i] !== ":") fail("expected ':'");
        i++;
        obj[key] = parseValue(depth + 1);
        skipWhitespace();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "}") {
          i++;
          return obj;
        }
        fail("expected ',' or '}'");
      }
    }
    if (c === "[") {
      i++;
      const arr: unknown[] = [];
      skipWhitespace();
      if (text[i] === "]") {
        i++;
        return arr;
      }
      while (true) {
        arr.push(parseValue(depth + 1));
        skipWhitespace();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "]") {
          i++;
          return arr;
        }
        fail("expected ',' or ']'");
      }
    }
    if (c === '"') return parseString();
    if (c === "-" || (c >= "0" && c <= "9")) return parseNumber();
    for (const [word, value] of [["true", true], ["false", false], ["null", null]] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return value;
      }
    }
    return fail(i >= text.length ? "unexpected end of input" : `unexpected character '${c}'`);
  };

  const value = parseValue(0);
  skipWhitespace();
  if (i !== text.length) fail("unexpected data after the JSON value");
  return value;
}
