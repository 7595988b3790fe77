/**
 * Tolerant readers for command arguments: VDSM and older hosts send numbers
 * as numbers or numeric strings (`timeout`, `count`, `apiVersion`) and
 * `reboot` as the string "True"/"False" — a JSON boolean must mean the same
 * (the reference crashed on it, ovirt-guest-agent.md §6.3). Each returns
 * undefined for a value it cannot use; the caller logs and ignores.
 */

/** Python int() of an int, a float (truncated) or a decimal integer string. */
export function toInt(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? Math.trunc(v) : undefined;
  if (typeof v === 'string' && /^\s*[+-]?\d+\s*$/.test(v)) {
    const n = Number(v.trim());
    return Number.isSafeInteger(n) ? n : undefined;
  }
  return undefined;
}

/** true/false from a boolean, "true"/"false" in any case, or 1/0. */
export function toBool(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v === 1 ? true : v === 0 ? false : undefined;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (s === 'true' || s === '1' || s === 'yes') return true;
    if (s === 'false' || s === '0' || s === 'no' || s === '') return false;
  }
  return undefined;
}

/** A string, or a number written as one. */
export function toStr(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}
