import { errnoOf } from '@ga/native/errno';
import { libc } from '@ga/native/libc';

/**
 * Wall-clock time in nanoseconds with gettimeofday(2)'s microsecond
 * resolution (always a multiple of 1000), as qemu-ga's guest-get-time.
 */
export function wallClockNs(deps: { gettimeofday?: () => { sec: bigint; usec: bigint } } = {}): bigint {
  const t = (deps.gettimeofday ?? gettimeofday)();
  return t.sec * 1_000_000_000n + t.usec * 1000n;
}

function gettimeofday(): { sec: bigint; usec: bigint } {
  try {
    return libc().gettimeofday();
  } catch (err) {
    throw new Error(`Failed to get time: errno ${errnoOf(err)}`);
  }
}
