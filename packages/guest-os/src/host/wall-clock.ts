import koffi from 'koffi';

let gettimeofday: ((tv: { tv_sec: bigint; tv_usec: bigint }, tz: null) => number) | undefined;

/**
 * Wall-clock time in nanoseconds with gettimeofday(2)'s microsecond
 * resolution (always a multiple of 1000), as qemu-ga's guest-get-time.
 */
export function wallClockNs(deps: { gettimeofday?: () => { sec: bigint; usec: bigint } } = {}): bigint {
  if (deps.gettimeofday) {
    const t = deps.gettimeofday();
    return t.sec * 1_000_000_000n + t.usec * 1000n;
  }
  if (!gettimeofday) {
    const lib = koffi.load('libc.so.6');
    const timeval = koffi.struct('ga_timeval', { tv_sec: 'int64_t', tv_usec: 'int64_t' });
    gettimeofday = lib.func('gettimeofday', 'int', [koffi.out(koffi.pointer(timeval)), 'void *']) as unknown as typeof gettimeofday;
  }
  const tv = { tv_sec: 0n, tv_usec: 0n };
  if (gettimeofday!(tv, null) !== 0) throw new Error(`Failed to get time: errno ${koffi.errno()}`);
  return BigInt(tv.tv_sec) * 1_000_000_000n + BigInt(tv.tv_usec) * 1000n;
}
