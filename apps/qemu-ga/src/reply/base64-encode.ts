/**
 * Base64 straight from bytes into a reusable output Buffer. Node can only
 * produce base64 as a JS string, and a 48 MiB read streamed that way leaves
 * ~64 MiB of dead strings and copies for the GC; encoding into one reused
 * 1 MiB buffer keeps the agent's memory flat (and measured faster too).
 */
const ALPHABET = Buffer.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 'latin1');
const PAD = 0x3d; // '='

/** Base64 length of `n` bytes, padding included. */
export function base64Length(n: number): number {
  return Math.ceil(n / 3) * 4;
}

/**
 * Encode all of `src` into `dst` (which must hold base64Length(src.length)
 * bytes) and return the number of bytes written. Only the last piece of a
 * stream may have a length that is not a multiple of 3.
 */
export function encodeBase64Into(src: Uint8Array, dst: Buffer): number {
  const whole = src.length - (src.length % 3);
  let j = 0;
  for (let i = 0; i < whole; i += 3) {
    const v = (src[i]! << 16) | (src[i + 1]! << 8) | src[i + 2]!;
    dst[j++] = ALPHABET[v >>> 18]!;
    dst[j++] = ALPHABET[(v >>> 12) & 63]!;
    dst[j++] = ALPHABET[(v >>> 6) & 63]!;
    dst[j++] = ALPHABET[v & 63]!;
  }
  const rest = src.length - whole;
  if (rest === 1) {
    const v = src[whole]! << 16;
    dst[j++] = ALPHABET[v >>> 18]!;
    dst[j++] = ALPHABET[(v >>> 12) & 63]!;
    dst[j++] = PAD;
    dst[j++] = PAD;
  } else if (rest === 2) {
    const v = (src[whole]! << 16) | (src[whole + 1]! << 8);
    dst[j++] = ALPHABET[v >>> 18]!;
    dst[j++] = ALPHABET[(v >>> 12) & 63]!;
    dst[j++] = ALPHABET[(v >>> 6) & 63]!;
    dst[j++] = PAD;
  }
  return j;
}
