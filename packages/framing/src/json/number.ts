import { INT_MIN, UINT_MAX } from './value.js';

/**
 * Value of an integer token as QEMU's parser keeps it: exact when it fits int64 or
 * (non-negative) uint64 — observed on qemu-ga 7.2: ids 9223372036854775808 and
 * 18446744073709551615 are echoed digit for digit — otherwise a double parsed with
 * correct rounding (strtod), e.g. 2^64 -> 1.8446744073709552e+19.
 */
export function integerValue(text: string): bigint | number {
  const v = BigInt(text);
  if (text.length < 19) return v;
  return v >= INT_MIN && v <= UINT_MAX ? v : Number(text);
}

/** Value of a token with a fraction or exponent: a double, as strtod gives it. */
export function floatValue(text: string): number {
  return Number(text);
}
