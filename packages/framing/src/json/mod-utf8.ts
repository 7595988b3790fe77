/**
 * QEMU's "modified UTF-8" rules (util/unicode.c), re-stated from its documented
 * behaviour: UTF-8 where U+0000 is the two bytes C0 80, and where surrogates, the 66
 * Unicode noncharacters, overlong forms (except C0 80) and code points above U+10FFFF
 * are all invalid. The parser uses them to validate strings; error texts use them to
 * show raw bytes the way qemu-ga's JSON writer prints them (invalid -> U+FFFD).
 */

/** True when QEMU would accept `cp` as a character (not a surrogate or noncharacter). */
export function isValidCodepoint(cp: number): boolean {
  if (cp < 0 || cp > 0x10ffff) return false;
  if ((cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) === 0xfffe) return false;
  return !(cp >= 0xd800 && cp <= 0xdfff);
}

const MIN_CP = [0x80, 0x800, 0x10000, 0x200000, 0x4000000];

/**
 * Decodes one sequence at `bytes[i]`; bytes at or after `end` read as NUL (QEMU works
 * on NUL-terminated strings). Returns the code point (-1 if invalid) and where the
 * next sequence starts: an invalid lead byte consumes 1 byte, a truncated sequence
 * consumes the continuation bytes it had.
 */
export function decodeAt(bytes: Uint8Array, i: number, end: number): { cp: number; next: number } {
  if (i >= end || bytes[i] === 0) return { cp: -1, next: i };
  const lead = bytes[i]!;
  if (lead < 0x80) return { cp: lead, next: i + 1 };
  if (lead >= 0xfe || (lead & 0x40) === 0) return { cp: -1, next: i + 1 };
  let len = 0;
  let mask = 0x80;
  for (; lead & mask; mask >>= 1) len++;
  let cp = lead & (mask - 1);
  let p = i + 1;
  for (let k = 1; k < len; k++) {
    const b = p < end ? bytes[p]! : 0;
    if ((b & 0xc0) !== 0x80) return { cp: -1, next: p };
    p++;
    cp = cp * 64 + (b & 0x3f);
  }
  if (!isValidCodepoint(cp)) return { cp: -1, next: p };
  if (cp < MIN_CP[len - 2]! && !(cp === 0 && len === 2)) return { cp: -1, next: p };
  return { cp, next: p };
}

const NOT_PLAIN = /[\x00\x80-\xff]/;

/**
 * Turns raw token bytes (held as a latin1 string, one char per byte) into the text
 * qemu-ga's writer would print for them: cut at the first NUL (C strings), invalid
 * sequences become U+FFFD. Used for "stray '...'" and "... is not a valid Unicode
 * character" messages.
 */
export function rawToText(raw: string): string {
  const m = NOT_PLAIN.exec(raw);
  if (!m) return raw;
  const nul = raw.indexOf('\0');
  const cut = nul >= 0 ? raw.slice(0, nul) : raw;
  const bytes = Buffer.from(cut, 'latin1');
  if (bytes.length > 1) {
    // Long stray tokens (a big string ended by 0xFF) are valid UTF-8 except for the
    // final, offending byte: decode the rest natively when it is clean.
    try {
      const head = strictUtf8.decode(bytes.subarray(0, bytes.length - 1));
      if (!NONCHARACTER.test(head)) return head + slowText(cut.slice(-1));
    } catch {
      // not clean: the byte-exact path below finds every invalid sequence
    }
  }
  return slowText(cut);
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Code points QEMU rejects although they are well-formed UTF-8 (noncharacters). */
export const NONCHARACTER =
  /[\uFDD0-\uFDEF\uFFFE\uFFFF]|[\uD83F\uD87F\uD8BF\uD8FF\uD93F\uD97F\uD9BF\uD9FF\uDA3F\uDA7F\uDABF\uDAFF\uDB3F\uDB7F\uDBBF\uDBFF][\uDFFE\uDFFF]/;

function slowText(cut: string): string {
  const bytes = Buffer.from(cut, 'latin1');
  const out: string[] = [];
  let runStart = 0;
  let i = 0;
  while (i < bytes.length) {
    if (bytes[i]! < 0x80) {
      i++;
      continue;
    }
    if (runStart < i) out.push(cut.slice(runStart, i));
    const { cp, next } = decodeAt(bytes, i, bytes.length);
    out.push(cp < 0 ? '\uFFFD' : String.fromCodePoint(cp));
    i = next > i ? next : i + 1;
    runStart = i;
  }
  if (runStart < bytes.length) out.push(cut.slice(runStart));
  return out.join('');
}
