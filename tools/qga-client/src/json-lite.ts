// JSON for the host side. Replies are parsed with @ga/framing's qemu-ga stream
// parser (lossless: every integer is a bigint, so int64 ids and guest-sync
// values survive); requests and CLI output are written compactly here, with
// bigint as plain digits (JSON.stringify cannot write bigint).
import { JsonStreamParser } from '@ga/framing/json-stream';
import type { JsonObject, JsonValue } from '@ga/framing/json-value';

export type { JsonObject, JsonValue } from '@ga/framing/json-value';

/** Thrown by {@link parseJson} on malformed input. */
export class JsonSyntaxError extends Error {
  override name = 'JsonSyntaxError';
}

/**
 * Parses exactly one JSON value from `text` (a reply line, a CLI argument).
 * qemu's JSON dialect, so single-quoted strings are accepted too.
 */
export function parseJson(text: string | Buffer): JsonValue {
  const values: JsonValue[] = [];
  let error: string | undefined;
  const parser = new JsonStreamParser({
    onValue: (v) => void values.push(v),
    onError: (desc) => void (error ??= desc),
  });
  parser.feed(typeof text === 'string' ? Buffer.from(text, 'utf8') : text);
  // A top-level scalar only ends at the next byte; the newline also ends a line.
  parser.feed(Buffer.from('\n'));
  if (error !== undefined) throw new JsonSyntaxError(error);
  if (values.length !== 1) throw new JsonSyntaxError(values.length === 0 ? 'no complete JSON value' : 'more than one JSON value');
  return values[0]!;
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
  const entries = Object.entries(v).filter((e): e is [string, JsonValue] => e[1] !== undefined);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${prettyJson(x, inner)}`).join(',\n')}\n${indent}}`;
}
