import { constants as osConstants } from 'node:os';
import type { FstrimRange } from '@ga/native/libc';
import { FIFREEZE, FITHAW, type FsIoctl } from './fs-ioctl.js';

/**
 * A recording, in-memory FsIoctl for tests: it keeps a freeze depth per path
 * like the kernel (FIFREEZE on a frozen fs → EBUSY, FITHAW on a thawed one →
 * EINVAL) and logs every call as text.
 */
export class FakeFsIoctl implements FsIoctl {
  readonly calls: string[] = [];
  readonly depth = new Map<string, number>();
  /** Per-path errno to fail open/freeze/trim with. */
  readonly failOpen = new Map<string, number>();
  readonly failFreeze = new Map<string, number>();
  readonly failTrim = new Map<string, number>();
  /** Bytes FITRIM reports as trimmed, per path. */
  readonly trimmed = new Map<string, bigint>();
  private readonly fds = new Map<number, string>();
  private nextFd = 100;

  async openReadOnly(path: string): Promise<number> {
    this.calls.push(`open ${path}`);
    const e = this.failOpen.get(path);
    if (e !== undefined) throw errnoError(e);
    const fd = this.nextFd++;
    this.fds.set(fd, path);
    return fd;
  }

  async close(fd: number): Promise<void> {
    this.calls.push(`close ${this.fds.get(fd)}`);
    this.fds.delete(fd);
  }

  async ioctl(fd: number, request: number): Promise<void> {
    const path = this.fds.get(fd) ?? '?';
    const d = this.depth.get(path) ?? 0;
    if (request === FIFREEZE) {
      this.calls.push(`FIFREEZE ${path}`);
      const e = this.failFreeze.get(path);
      if (e !== undefined) throw errnoError(e);
      if (d > 0) throw errnoError(osConstants.errno.EBUSY);
      this.depth.set(path, 1);
    } else if (request === FITHAW) {
      this.calls.push(`FITHAW ${path}`);
      if (d === 0) throw errnoError(osConstants.errno.EINVAL);
      this.depth.set(path, d - 1);
    } else {
      throw errnoError(osConstants.errno.ENOTTY);
    }
  }

  async trim(fd: number, range: FstrimRange): Promise<void> {
    const path = this.fds.get(fd) ?? '?';
    this.calls.push(`FITRIM ${path} start=${range.start} len=${range.len} minlen=${range.minlen}`);
    const e = this.failTrim.get(path);
    if (e !== undefined) throw errnoError(e);
    range.len = this.trimmed.get(path) ?? 0n;
  }
}

function errnoError(errno: number): Error {
  return Object.assign(new Error(`errno ${errno}`), { errno: -errno });
}
