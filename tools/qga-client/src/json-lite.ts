// A small lossless JSON reader/writer for the host side. The agent's ids and
// guest-sync values are int64 (qemu-ga.md §1.6), which JSON.parse would round
// above 2^53, so every integer literal is read as a bigint and bigints are
// written back as plain digits. Non-integers stay numbers.
//
// Kept local (instead of @ga/framing) so the host tool stays an independent
// oracle: a bug in the agent's parser must not hide itself in the client.

/** A JSON value with integers as bigint. */
export type JsonValue = null | boolean | number | bigint | string | JsonValue[] | JsonObject;
/** A JSON object; member order is preserved as received. */
export interface JsonObject {
  [key: string]: JsonValue;
}

/** Thrown by {@link parseJson} on malformed input. */
export class JsonSyntaxError extends Error {
  override name = 'JsonSyntaxError';
}

/**
 * Parses one JSON text (strict RFC 8259, which is what the agent emits).
 * Integers become bigint; numbers with a fraction or exponent become number.
 */
export function parseJson(text: string): JsonValue {
  const p = new Reader(text);
  p.ws();
  const v = p.value(0);
  p.ws();
  if (p.i !== text.length) p.fail('trailing characters');
  return v;
}

const MAX_DEPTH = 4096;

class Reader {
  i = 0;
  constructor(readonly s: string) {}

  fail(what: string): never {
    throw new JsonSyntaxError(`${what} at offset ${this.i}`);
  }

  ws(): void {
    const s = this.s;
    for (;;) {
      const c = s.charCodeAt(this.i);
      if (c === 32 || c === 9 || c === 10 || c === 13) this.i++;
      else return;
    }
  }

  value(depth: number): JsonValue {
    if (depth > MAX_DEPTH) this.fail('nesting too deep');
    const c = this.s[this.i];
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') return this.string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.s.startsWith(word, this.i)) {
        this.i += word.length;
        return v;
      }
    }
    return this.fail('unexpected character');
  }

  object(depth: number): JsonObject {
    const out: JsonObject = {};
    this.i++;
    this.ws();
    if (this.s[this.i] === '}') {
      this.i++;
      return out;
    }
    for (;;) {
      this.ws();
      if (this.s[this.i] !== '"') this.fail('expected member name');
      const key = this.string();
      this.ws();
      if (this.s[this.i] !== ':') this.fail("expected ':'");
      this.i++;
      this.ws();
      // defineProperty: a member named "__proto__" must stay a plain member.
      Object.defineProperty(out, key, { value: this.value(depth + 1), enumerable: true, writable: true, configurable: true });
      this.ws();
      const c = this.s[this.i++];
      if (c === '}') return out;
      if (c !== ',') this.fail("expected ',' or '}'");
    }
  }

  array(depth: number): JsonValue[] {
    const out: JsonValue[] = [];
    this.i++;
    this.ws();
    if (this.s[this.i] === ']') {
      this.i++;
      return out;
    }
    for (;;) {
      this.ws();
      out.push(this.value(depth + 1));
      this.ws();
      const c = this.s[this.i++];
      if (c === ']') return out;
      if (c !== ',') this.fail("expected ',' or ']'");
    }
  }

  string(): string {
    const s = this.s;
    const start = ++this.i;
    // Fast path: no escapes (base64 payloads of file reads are megabytes long).
    const q = s.indexOf('"', start);
    if (q < 0) this.fail('unterminated string');
    const bs = s.indexOf('\\', start);
    if (bs < 0 || bs > q) {
      const out = s.slice(start, q);
      if (/[\x00-\x1f]/.test(out)) this.fail('control character in string');
      this.i = q + 1;
      return out;
    }
    let out = '';
    let from = start;
    for (;;) {
      const c = s.charCodeAt(this.i);
      if (Number.isNaN(c)) this.fail('unterminated string');
      if (c === 34) {
        out += s.slice(from, this.i++);
        return out;
      }
      if (c < 0x20) this.fail('control character in string');
      if (c !== 92) {
        this.i++;
        continue;
      }
      out += s.slice(from, this.i);
      const e = s[this.i + 1];
      this.i += 2;
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          const hex = s.slice(this.i, this.i + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('bad \\u escape');
          out += String.fromCharCode(parseInt(hex, 16));
          this.i += 4;
          break;
        }
        default:
          this.fail('bad escape');
      }
      from = this.i;
    }
  }

  number(): number | bigint {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.s.slice(this.i, this.i + 400));
    if (!m) return this.fail('bad number');
    this.i += m[0].length;
    return m[2] === undefined && m[3] === undefined ? BigInt(m[0]) : Number(m[0]);
  }
}

/**
 * Writes a value as compact JSON. bigint is written as its digits, so int64
 * ids survive; non-finite numbers are rejected because JSON cannot carry them.
 */
export function encodeJson(v: JsonValue | undefined): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'bigint':
      return v.toString();
    case 'number':
      if (!Number.isFinite(v)) throw new TypeError(`cannot encode ${v} as JSON`);
      return JSON.stringify(v);
    case 'boolean':
    case 'string':
      return JSON.stringify(v);
    case 'undefined':
      throw new TypeError('cannot encode undefined as JSON');
    default:
      break;
  }
  if (Array.isArray(v)) return `[${v.map((x) => encodeJson(x)).join(',')}]`;
  const parts: string[] = [];
  for (const [k, x] of Object.entries(v as JsonObject)) {
    if (x === undefined) continue;
    parts.push(`${JSON.stringify(k)}:${encodeJson(x)}`);
  }
  return `{${parts.join(',')}}`;
}

/** Indented JSON for people (CLI output); bigint as digits. */
export function prettyJson(v: JsonValue, indent = ''): string {
  if (v === null || typeof v !== 'object') return encodeJson(v);
  const inner = `${indent}  `;
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[\n${v.map((x) => inner + prettyJson(x, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(v);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${prettyJson(x, inner)}`).join(',\n')}\n${indent}}`;
}
