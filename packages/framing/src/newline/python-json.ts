/**
 * JSON text exactly as Python's `json.dumps(obj)` with default arguments
 * writes it, which is what the reference oVirt agent (Python 2) and VDSM
 * (Python 3) put on the wire (ovirt-guest-agent.md §1.2): separators `", "`
 * and `": "`, ASCII-only output (`ensure_ascii`: every character outside
 * U+0020..U+007E becomes `\uXXXX` in lower-case hex, astral characters as a
 * surrogate pair), and the short escapes `\" \\ \n \r \t \b \f`.
 */

/** Values `pythonJsonDumps` accepts; `undefined` object members are left out. */
export type PyJsonValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | readonly PyJsonValue[]
  | { readonly [key: string]: PyJsonValue | undefined };

const SHORT: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

/** A JSON string literal as Python's `ensure_ascii` encoder writes it. */
export function pyString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    const code = s.charCodeAt(i);
    const short = SHORT[ch];
    if (short !== undefined) out += short;
    else if (code >= 0x20 && code <= 0x7e) out += ch;
    // Iterating UTF-16 code units yields astral characters as the surrogate pair Python writes.
    else out += `\\u${code.toString(16).padStart(4, '0')}`;
  }
  return `${out}"`;
}

/**
 * Python `float.__repr__`: shortest round-trip digits (the same digits
 * JavaScript picks), fixed notation for decimal exponents -4..15 with at
 * least one fractional digit, otherwise `d.ddde+XX` with a two-digit exponent.
 */
export function pyFloat(n: number): string {
  const [mant, expText] = n.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  const neg = mant.startsWith('-');
  const digits = mant.replace('-', '').replace('.', '');
  let body: string;
  if (exp >= -4 && exp < 16) {
    if (exp < 0) body = `0.${'0'.repeat(-exp - 1)}${digits}`;
    else if (digits.length <= exp + 1) body = `${digits}${'0'.repeat(exp + 1 - digits.length)}.0`;
    else body = `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  } else {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    body = `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return neg ? `-${body}` : body;
}

function pyNumber(n: number): string {
  if (!Number.isFinite(n)) throw new TypeError(`${n} is not representable in JSON; send a string or a finite number`);
  // JavaScript cannot tell 1 from 1.0: integral values are written as Python ints,
  // which is what the agent's counters and sizes are.
  if (Number.isInteger(n)) return Number.isSafeInteger(n) ? String(n === 0 ? 0 : n) : BigInt(n).toString();
  return pyFloat(n);
}

/** Serialise `value` byte-for-byte like Python's `json.dumps(value)`. Throws a TypeError on values JSON cannot hold. */
export function pythonJsonDumps(value: PyJsonValue): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return pyNumber(value);
    case 'bigint':
      return value.toString();
    case 'string':
      return pyString(value);
    case 'object': {
      if (Array.isArray(value)) return `[${(value as readonly PyJsonValue[]).map(pythonJsonDumps).join(', ')}]`;
      const members: string[] = [];
      for (const [k, v] of Object.entries(value)) {
        if (v === undefined) continue;
        members.push(`${pyString(k)}: ${pythonJsonDumps(v)}`);
      }
      return `{${members.join(', ')}}`;
    }
    default:
      throw new TypeError(`a ${typeof value} cannot be written as JSON`);
  }
}
