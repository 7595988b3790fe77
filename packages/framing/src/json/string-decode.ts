import { decodeAt, isValidCodepoint, NONCHARACTER, rawToText } from './mod-utf8.js';

/** A parse error with qemu-ga's text (without the "JSON parse error, " prefix). */
export class JsonSyntaxError extends Error {}

function hexDigit(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  if (b >= 0x61 && b <= 0x66) return b - 0x57;
  if (b >= 0x41 && b <= 0x46) return b - 0x37;
  return -1;
}

/** Four hex digits at `p` (bytes past the end read as NUL), or -1. */
function hex4(bytes: Uint8Array, p: number): number {
  let cp = 0;
  for (let k = 0; k < 4; k++) {
    const d = p + k < bytes.length ? hexDigit(bytes[p + k]!) : -1;
    if (d < 0) return -1;
    cp = cp * 16 + d;
  }
  return cp;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

const SIMPLE_ESCAPES: Record<number, string> = {
  0x22: '"',
  0x27: "'",
  0x5c: '\\',
  0x2f: '/',
  0x62: '\b',
  0x66: '\f',
  0x6e: '\n',
  0x72: '\r',
  0x74: '\t',
};

/**
 * Decodes a string token that has escapes or non-ASCII bytes (`raw` = its bytes as
 * latin1, quotes included), with QEMU's rules: \' is an escape too, \u0000 is allowed,
 * \uD8xx\uDCxx pairs combine, lone surrogates and noncharacters are rejected, and raw
 * bytes must be modified UTF-8 (C0 80 is accepted as U+0000). Throws JsonSyntaxError
 * with the first problem found, in qemu-ga's words.
 */
export function decodeComplexString(raw: string): string {
  const bytes = Buffer.from(raw, 'latin1');
  if (!raw.includes('\\')) {
    // Well-formed UTF-8 without escapes: let the native decoder do the work, then
    // apply QEMU's extra rule (noncharacters are invalid). Anything else (including
    // the C0 80 form of U+0000, which a strict decoder refuses) takes the exact path.
    try {
      const text = strictUtf8.decode(bytes.subarray(1, bytes.length - 1));
      if (!NONCHARACTER.test(text)) return text;
    } catch {
      // fall through to the byte-exact decoder for the error text
    }
  }
  const end = bytes.length - 1; // index of the closing quote
  const out: string[] = [];
  let p = 1;
  let run = 1;
  while (p < end) {
    const c = bytes[p]!;
    if (c < 0x80 && c !== 0x5c) {
      p++;
      continue;
    }
    if (run < p) out.push(raw.slice(run, p));
    if (c === 0x5c) {
      const beg = p;
      const e = bytes[p + 1]!;
      p += 2;
      const simple = SIMPLE_ESCAPES[e];
      if (simple !== undefined) {
        out.push(simple);
      } else if (e === 0x75) {
        let cp = hex4(bytes, p);
        p += 4;
        if (cp >= 0xd800 && cp <= 0xdbff && bytes[p] === 0x5c && bytes[p + 1] === 0x75) {
          const trailing = hex4(bytes, p + 2);
          if (trailing >= 0xdc00 && trailing <= 0xdfff) {
            cp = 0x10000 + ((cp & 0x3ff) << 10) + (trailing & 0x3ff);
            p += 6;
          } else {
            cp = -1;
          }
        }
        if (!isValidCodepoint(cp)) {
          const shown = rawToText(raw.slice(beg, Math.min(p, raw.length)));
          throw new JsonSyntaxError(`${shown} is not a valid Unicode character`);
        }
        out.push(String.fromCodePoint(cp));
      } else {
        throw new JsonSyntaxError('invalid escape sequence in string');
      }
    } else {
      const { cp, next } = decodeAt(bytes, p, bytes.length);
      if (cp < 0) throw new JsonSyntaxError('invalid UTF-8 sequence in string');
      out.push(String.fromCodePoint(cp));
      p = next;
    }
    run = p;
  }
  if (run < end) out.push(raw.slice(run, end));
  return out.join('');
}
