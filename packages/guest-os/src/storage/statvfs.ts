import { statfs } from 'node:fs/promises';

/** Sizes of a mounted file system in bytes, as qemu-ga computes them from statvfs(3). */
export interface FsUsage {
  /** (f_blocks - f_bfree) × f_frsize */
  usedBytes: bigint;
  /** (used + f_bavail) × f_frsize: what non-root users see as the size */
  totalBytes: bigint;
  /** f_blocks × f_frsize (qemu-ga 9.1+ `total-bytes-privileged`) */
  totalBytesPrivileged: bigint;
}

/** statfs(2) numbers; Node reports f_bsize, which equals statvfs's f_frsize on Linux local file systems. */
export interface StatfsResult {
  bsize: bigint;
  blocks: bigint;
  bfree: bigint;
  bavail: bigint;
}

export interface StatvfsDeps {
  statfs: (path: string) => Promise<StatfsResult>;
  /** Give up after this long (a hung file system must not hang the agent); 0 = wait forever. */
  timeoutMs: number;
}

export const defaultStatvfsDeps: StatvfsDeps = {
  statfs: async (p) => {
    const s = await statfs(p, { bigint: true });
    return { bsize: s.bsize, blocks: s.blocks, bfree: s.bfree, bavail: s.bavail };
  },
  timeoutMs: 10_000,
};

/** C `unsigned long` arithmetic, as qemu-ga does it (wraps at 2^64). */
const u64 = (v: bigint): bigint => BigInt.asUintN(64, v);

/**
 * Usage of the file system mounted at `mountpoint`, or undefined when
 * statvfs fails or does not answer within the timeout (qemu-ga then omits
 * the size members). A timed-out call keeps one libuv pool thread busy until
 * the kernel returns; the agent itself carries on.
 */
export async function fsUsage(mountpoint: string, deps: Partial<StatvfsDeps> = {}): Promise<FsUsage | undefined> {
  const d = { ...defaultStatvfsDeps, ...deps };
  let timer: NodeJS.Timeout | undefined;
  try {
    const call = d.statfs(mountpoint);
    const s =
      d.timeoutMs > 0
        ? await Promise.race([
            call,
            new Promise<undefined>((resolve) => {
              timer = setTimeout(resolve, d.timeoutMs, undefined);
            }),
          ])
        : await call;
    if (!s) {
      call.catch(() => undefined);
      return undefined;
    }
    const used = u64(s.blocks - s.bfree);
    return {
      usedBytes: u64(used * s.bsize),
      totalBytes: u64(u64(used + s.bavail) * s.bsize),
      totalBytesPrivileged: u64(s.blocks * s.bsize),
    };
  } catch {
    return undefined;
  } finally {
    if (timer) clearTimeout(timer);
  }
}
