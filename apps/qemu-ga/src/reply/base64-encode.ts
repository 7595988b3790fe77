/**
 * Base64 from bytes into a reusable output Buffer. Node produces base64 only
^ * as a JS string, so the bytes go through strings of 64 KiB: small enough to
 * die young in V8's new space (a 1 MiB string is a large object, freed only
 * by a full GC, and a 48 MiB read made 64 of them), large enough for Node's
 * SIMD encoder to do the work. Measured on 768 KiB pieces: 0.2-0.4 ms against
 * 1.5 ms for a byte loop in JS, RSS flat.
 */
const SUB_BYTES = 48 * 1024; // a multiple of 3: no padding between sub-strings

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
  const bytes = Buffer.isBuffer(src) ? src : Buffer.from(src.buffer, src.byteOffset, src.length);
  let j = 0;
  for (let i = 0; i < bytes.length; i += SUB_BYTES) j += dst.write(bytes.toString('base64', i, Math.min(bytes.length, i + SUB_BYTES)), j, 'latin1');
  return j;
}
