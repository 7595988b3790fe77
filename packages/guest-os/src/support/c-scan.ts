/**
 * Integer conversions with glibc sscanf semantics, for parsing /proc files
 * exactly like qemu-ga: the digits are converted with strtoll/strtoull,
 * which SATURATE on overflow (they do not wrap), then stored into the
 * C variable's width, which truncates.
 */
const LL_MIN = -(1n << 63n);
const LL_MAX = (1n << 63n) - 1n;
const ULL_MAX = (1n << 64n) - 1n;

/** `%lld` / `%ld`: strtoll, clamped to the signed 64-bit range. */
export function scanSigned64(digits: string, radix: 10 | 16 = 10): bigint {
  const v = parseBig(digits, radix);
  return v < LL_MIN ? LL_MIN : v > LL_MAX ? LL_MAX : v;
}

/** `%llu` / `%lu`: strtoull — saturates at 2^64-1; a leading '-' negates modulo 2^64. */
export function scanUnsigned64(digits: string, radix: 10 | 16 = 10): bigint {
  const v = parseBig(digits, radix);
  const mag = v < 0n ? -v : v;
  if (mag > ULL_MAX) return ULL_MAX;
  return v < 0n ? BigInt.asUintN(64, v) : v;
}

/** `%u` / `%x` into `unsigned int`: strtoull then truncation to 32 bits. */
export function scanUnsigned32(digits: string, radix: 10 | 16 = 10): bigint {
  return BigInt.asUintN(32, scanUnsigned64(digits, radix));
}

/** `%d` / `%x` into `int`: the 64-bit conversion truncated to a signed 32-bit value. */
export function scanInt32(digits: string, radix: 10 | 16 = 10): number {
  return Number(BigInt.asIntN(32, radix === 16 ? scanUnsigned64(digits, 16) : scanSigned64(digits, 10)));
}

function parseBig(s: string, radix: 10 | 16): bigint {
  const m = /^([+-]?)(?:0[xX])?([0-9a-fA-F]+)$/.exec(s.trim());
  if (!m) return 0n;
  const v = BigInt(radix === 16 ? `0x${m[2]}` : m[2]!);
  return m[1] === '-' ? -v : v;
}
