import { constants as osConstants } from 'node:os';
import { ErrnoError, libc } from './libc.js';

/**
 * Positive errno of any error thrown by Node's fs/child_process (negative
 * libuv `errno`, or a `code` such as "ENOENT"), by {@link libc} or by an
 * injected fake carrying `errno`; undefined if the error carries none.
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
 * glibc's strerror() text ("No such file or directory") for a positive errno:
 * qemu-ga appends it to error descriptions (error_setg_errno), and Node's own
 * messages differ. "Unknown error N" (glibc's text for unknown numbers) if libc
 * cannot be loaded.
 */
export function strerror(errno: number): string {
  try {
    return libc().strerror(errno);
  } catch {
    return `Unknown error ${errno}`;
  }
}

/**
 * strerror() text for the errno in `err` — what qemu-ga appends after ": "
 * via error_setg_errno. Falls back to the error's own message.
 */
export function errnoText(err: unknown): string {
  const n = errnoOf(err);
  return n === undefined ? String((err as { message?: unknown } | null)?.message ?? err) : strerror(n);
}

/** errno number -> Node-style code ("EBUSY"), for messages and `err.code`. */
export function errnoName(errno: number): string {
  for (const [name, value] of Object.entries(osConstants.errno)) if (value === errno) return name;
  return `errno ${errno}`;
}

/** An Error for a failed libc call, with `code` and `errno` set like Node's. */
export function sysError(call: string, errno: number): Error & { code: string; errno: number } {
  const code = errnoName(errno);
  return Object.assign(new Error(`${call} failed: ${code}`), { code, errno });
}
