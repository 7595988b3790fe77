/**
 * C's printf("%.17g") for doubles, which is how qemu-ga 7.2 prints every QNUM_DOUBLE
 * (QEMU json-writer.c). Digits come from the exact binary value with round-half-even
 * (glibc), not from JS's shortest round-trip form: 0.1 -> 0.10000000000000001,
 * 140737488355328.125 -> 140737488355328.12 (observed on qemu-ga 7.2).
 */
const PRECISION = 17;
const view = new DataView(new ArrayBuffer(8));

/** Exact decimal digits of a positive finite double and the power of ten after them. */
function exactDigits(x: number): { digits: string; exp10: number } {
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp2: number;
  if (biased === 0) {
    exp2 = -1074;
  } else {
    mant |= 1n << 52n;
    exp2 = biased - 1075;
  }
  if (exp2 >= 0) return { digits: (mant << BigInt(exp2)).toString(), exp10: 0 };
  // m * 2^-k = m * 5^k / 10^k
  return { digits: (mant * 5n ** BigInt(-exp2)).toString(), exp10: exp2 };
}

function stripZeros(frac: string): string {
  let end = frac.length;
  while (end > 0 && frac.charCodeAt(end - 1) === 0x30) end--;
  return frac.slice(0, end);
}

/** printf("%.17g", x) as glibc prints it (inf, -inf, nan for non-finite values). */
export function formatDouble(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  if (Number.isInteger(x) && Math.abs(x) <= 2 ** 53) return String(x);
  const sign = x < 0 ? '-' : '';
  const { digits, exp10 } = exactDigits(Math.abs(x));
  // value = 0.d1d2d3... * 10^point
  let point = digits.length + exp10;
  let sig: string;
  if (digits.length <= PRECISION) {
    sig = digits.padEnd(PRECISION, '0');
  } else {
    sig = digits.slice(0, PRECISION);
    const rest = digits.slice(PRECISION);
    const first = rest.charCodeAt(0) - 0x30;
    const tail = rest.length > 1 && /[1-9]/.test(rest.slice(1));
    const odd = (sig.charCodeAt(PRECISION - 1) - 0x30) % 2 === 1;
    if (first > 5 || (first === 5 && (tail || odd))) {
      const up = (BigInt(sig) + 1n).toString();
      if (up.length > PRECISION) {
        sig = up.slice(0, PRECISION);
        point++;
      } else {
        sig = up;
      }
    }
  }
  const exp = point - 1; // x = d.ddd * 10^exp
  if (exp < -4 || exp >= PRECISION) {
    const frac = stripZeros(sig.slice(1));
    const e = Math.abs(exp);
    return `${sign}${sig[0]}${frac ? `.${frac}` : ''}e${exp < 0 ? '-' : '+'}${e < 10 ? `0${e}` : e}`;
  }
  if (exp >= 0) {
    const frac = stripZeros(sig.slice(exp + 1));
    return `${sign}${sig.slice(0, exp + 1)}${frac ? `.${frac}` : ''}`;
  }
  return `${sign}0.${stripZeros('0'.repeat(-exp - 1) + sig)}`;
}
