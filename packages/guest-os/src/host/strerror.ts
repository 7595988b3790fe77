import koffi from 'koffi';

let strerrorFn: ((errnum: number) => string) | undefined;

/**
 * glibc's strerror() text ("No such file or directory"): qemu-ga appends it
 * to error descriptions (error_setg_errno), and Node's own messages differ.
 */
export function strerror(errno: number): string {
  strerrorFn ??= koffi.load('libc.so.6').func('const char *strerror(int errnum)') as (e: number) => string;
  return strerrorFn(errno);
}

/** The positive errno of a Node system error (`err.errno` is negative), or undefined. */
export function errnoOf(err: unknown): number | undefined {
  const e = (err as { errno?: unknown } | null)?.errno;
  return typeof e === 'number' ? Math.abs(e) : undefined;
}

/** strerror() text for a Node system error; falls back to its message. */
export function errnoText(err: unknown): string {
  const n = errnoOf(err);
  return n === undefined ? String((err as Error)?.message ?? err) : strerror(n);
}
