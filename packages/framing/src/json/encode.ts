import { formatDouble } from './format-double.js';
import { isValidCodepoint } from './mod-utf8.js';
import { qdictOrder } from './qdict-order.js';
import { KEY_ORDER, type JsonValue } from './value.js';

export { qdictOrder } from './qdict-order.js';

// Characters qemu-ga's writer prints as-is: printable ASCII except '"' and '\'.
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
const SPECIAL = /[\uD800-\uDBFF][\uDC00-\uDFFF]|[^\x20\x21\x23-\x5b\x5d-\x7e]/g;

const NAMED: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

function hex4(n: number): string {
  return `\\u${n.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * One special character or surrogate pair as qemu-ga writes it (QEMU json-writer.c):
 * ASCII-only output, upper-case \uXXXX, astral characters as surrogate pairs, and
 * anything QEMU treats as invalid (lone surrogates, noncharacters) as \uFFFD.
 */
function escapeChar(s: string): string {
  const named = NAMED[s];
  if (named !== undefined) return named;
  const cp = s.codePointAt(0)!;
  if (!isValidCodepoint(cp)) return '\\uFFFD';
  if (cp > 0xffff) return hex4(0xd800 + ((cp - 0x10000) >> 10)) + hex4(0xdc00 + ((cp - 0x10000) & 0x3ff));
  return hex4(cp);
}

function quote(s: string): string {
  // Base64 payloads up to 64 MiB take the regex-only path: one scan, no copies.
  if (PLAIN.test(s)) return `"${s}"`;
  return `"${s.replace(SPECIAL, escapeChar)}"`;
}

function encodeValue(v: unknown, out: string[]): void {
  switch (typeof v) {
    case 'string':
      out.push(quote(v));
      return;
    case 'bigint':
      out.push(v.toString());
      return;
    case 'number':
      out.push(formatDouble(v));
      return;
    case 'boolean':
      out.push(v ? 'true' : 'false');
      return;
    case 'object':
      if (v === null) {
        out.push('null');
      } else if (Array.isArray(v)) {
        out.push('[');
        for (let i = 0; i < v.length; i++) {
          if (i > 0) out.push(', ');
          const item: unknown = v[i];
          if (item === undefined) out.push('null');
          else encodeValue(item, out);
        }
        out.push(']');
      } else {
        encodeObject(v as Record<string | symbol, unknown>, out);
      }
      return;
    default:
      throw new TypeError(`encodeJson: cannot encode a value of type ${typeof v}; handlers must return JSON values`);
  }
}

/**
 * Own keys in insertion order: the parser's recorded order when there is one (kept
 * robust against members a handler added or deleted afterwards), else Object.keys.
 */
function insertionOrder(obj: Record<string | symbol, unknown>): string[] {
  const recorded = obj[KEY_ORDER];
  if (!Array.isArray(recorded)) return Object.keys(obj);
  const known = new Set<string>(recorded as string[]);
  const kept = (recorded as string[]).filter((k) => Object.hasOwn(obj, k));
  for (const k of Object.keys(obj)) if (!known.has(k)) kept.push(k);
  return kept;
}

function encodeObject(obj: Record<string | symbol, unknown>, out: string[]): void {
  const present = insertionOrder(obj).filter((k) => obj[k] !== undefined);
  out.push('{');
  let first = true;
  for (const key of qdictOrder(present)) {
    if (!first) out.push(', ');
    first = false;
    out.push(quote(key), ': ');
    encodeValue(obj[key], out);
  }
  out.push('}');
}

/**
 * Serialises a value exactly as qemu-ga 7.2 does (no trailing newline): `": "` and
 * `", "` separators, `{}`/`[]` when empty, QDict member order, bigint as decimal
 * digits, number as printf("%.17g"), ASCII-only strings. Object members whose value is
 * `undefined` are left out (absent QAPI optionals). Throws TypeError for values JSON
 * cannot hold (functions, symbols, top-level undefined).
 */
export function encodeJson(value: JsonValue | unknown): string {
  if (typeof value === 'string') return quote(value);
  const out: string[] = [];
  encodeValue(value, out);
  return out.join('');
}
