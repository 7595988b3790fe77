import { constants as osConstants } from 'node:os';
import koffi from 'koffi';

/**
 * The few libc calls Node has no API for (lseek, ioctl, settimeofday, strerror),
 * bound once through koffi (style-and-deps.md "Syscalls Node lacks").
 *
 * `ioctl` is declared non-variadic so it can run through koffi's `.async` on a
 * worker thread: FIFREEZE syncs the file system first and may block for a long
 * time, which must never happen on the event loop thread.
 */
export interface Libc {
  /** lseek(2); resolves the new offset or throws an Error carrying `errno`. */
  lseek(fd: number, offset: bigint, whence: number): bigint;
  /** ioctl(2) with an int argument, on a worker thread; resolves 0 or rejects with `errno`. */
  ioctlInt(fd: number, request: number, arg: number): Promise<number>;
  /** FITRIM; `range` is updated in place with the trimmed length. */
  ioctlTrim(fd: number, request: number, range: FstrimRange): Promise<number>;
  /** settimeofday(2) with no time zone. */
  settimeofday(sec: bigint, usec: bigint): void;
  /** glibc's strerror text, e.g. "No such file or directory". */
  strerror(errno: number): string;
  /** pipe2(2) with O_CLOEXEC: [readFd, writeFd]. */
  pipeCloexec(): [number, number];
}

/** struct fstrim_range from linux/fs.h (three u64). */
export interface FstrimRange {
  start: bigint;
  len: bigint;
  minlen: bigint;
}

/** An Error carrying the positive errno of a failed libc call. */
export class ErrnoError extends Error {
  constructor(readonly errno: number, call: string) {
    super(`${call} failed with errno ${errno}`);
    this.name = 'ErrnoError';
  }
}

let cached: Libc | undefined;

/** The process-wide libc binding, loaded on first use. */
export function libc(): Libc {
  cached ??= bind();
  return cached;
}

function bind(): Libc {
  const lib = koffi.load('libc.so.6');
  const rangeType = koffi.struct({ start: 'uint64_t', len: 'uint64_t', minlen: 'uint64_t' });
  const timevalType = koffi.struct({ tv_sec: 'long', tv_usec: 'long' });
  const lseekFn = lib.func('int64_t lseek(int fd, int64_t offset, int whence)');
  const ioctlIntFn = lib.func('int ioctl(int fd, unsigned long request, _Inout_ int *arg)');
  const ioctlTrimFn = lib.func('ioctl', 'int', ['int', 'unsigned long', koffi.inout(koffi.pointer(rangeType))]);
  const settimeofdayFn = lib.func('settimeofday', 'int', [koffi.pointer(timevalType), 'void *']);
  const strerrorFn = lib.func('const char *strerror(int errnum)');
  const pipe2Fn = lib.func('int pipe2(_Out_ int *fds, int flags)');
  const O_CLOEXEC = 0o2000000;

  const callAsync = (fn: { async: (...a: unknown[]) => unknown }, args: unknown[], name: string): Promise<number> =>
    new Promise((resolve, reject) => {
      fn.async(...args, (err: unknown, res: number) => {
        if (err) {
          reject(err instanceof Error ? err : new Error(String(err)));
          return;
        }
        if (res === -1) {
          reject(new ErrnoError(koffi.errno(), name));
          return;
        }
        resolve(res);
      });
    });

  return {
    lseek(fd, offset, whence) {
      const res = BigInt(lseekFn(fd, offset, whence) as number | bigint);
      if (res < 0n) throw new ErrnoError(koffi.errno(), 'lseek');
      return res;
    },
    ioctlInt: (fd, request, arg) => callAsync(ioctlIntFn, [fd, request, [arg]], 'ioctl'),
    async ioctlTrim(fd, request, range) {
      const box = { start: range.start, len: range.len, minlen: range.minlen };
      const res = await callAsync(ioctlTrimFn, [fd, request, box], 'ioctl');
      range.start = BigInt(box.start);
      range.len = BigInt(box.len);
      range.minlen = BigInt(box.minlen);
      return res;
    },
    settimeofday(sec, usec) {
      if (settimeofdayFn({ tv_sec: sec, tv_usec: usec }, null) !== 0) {
        throw new ErrnoError(koffi.errno(), 'settimeofday');
      }
    },
    strerror: (errno) => String(strerrorFn(errno)),
    pipeCloexec() {
      const fds = [-1, -1];
      if (pipe2Fn(fds, O_CLOEXEC) !== 0) throw new ErrnoError(koffi.errno(), 'pipe2');
      return [fds[0] as number, fds[1] as number];
    },
  };
}

/**
 * Positive errno of any error thrown by Node's fs/child_process (negative
 * libuv `errno`, or a `code` such as "ENOENT") or by {@link libc}; undefined if
 * the error carries none.
 */
export function errnoOf(err: unknown): number | undefined {
  if (err instanceof ErrnoError) return err.errno;
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { errno?: unknown; code?: unknown };
  if (typeof e.errno === 'number' && e.errno !== 0) return Math.abs(e.errno);
  if (typeof e.code === 'string') {
    const n = (ERRNO_BY_CODE as Record<string, number | undefined>)[e.code];
    if (n !== undefined) return n;
  }
  return undefined;
}

const ERRNO_BY_CODE: Record<string, number> = { ...osConstants.errno };

/**
 * glibc's text for the errno in `err` — what qemu-ga appends after ": " via
 * error_setg_errno. Falls back to the error's own message.
 */
export function errnoText(err: unknown): string {
  const n = errnoOf(err);
  if (n === undefined) return err instanceof Error ? err.message : String(err);
  return strerrorText(n);
}

/** glibc's strerror text for a positive errno. */
export function strerrorText(errno: number): string {
  try {
    return libc().strerror(errno);
  } catch {
    return `Unknown error ${errno}`;
  }
}
