import { close as fsClose, constants, open as fsOpen } from 'node:fs';
import { promisify } from 'node:util';
import { libc, type FstrimRange } from '@ga/native/libc';

/** _IOWR('X', 119, int) from linux/fs.h. */
export const FIFREEZE = 0xc0045877;
/** _IOWR('X', 120, int). */
export const FITHAW = 0xc0045878;
/** _IOWR('X', 121, struct fstrim_range). */
export const FITRIM = 0xc0185879;

/**
 * The syscalls freeze, thaw and trim need, injectable so unit tests record
 * the exact calls and never freeze anything real. Failures reject with an
 * error carrying a positive `errno` (see errnoOf in native/errno).
 */
export interface FsIoctl {
  /** open(path, O_RDONLY) — directories included — returning the fd. */
  openReadOnly(path: string): Promise<number>;
  close(fd: number): Promise<void>;
  /** ioctl(fd, FIFREEZE|FITHAW, 0) on a worker thread (FIFREEZE may block while syncing). */
  ioctl(fd: number, request: number): Promise<void>;
  /** ioctl(fd, FITRIM, range); `range.len` becomes the number of bytes trimmed. */
  trim(fd: number, range: FstrimRange): Promise<void>;
}

const openAsync = promisify(fsOpen);
const closeAsync = promisify(fsClose);

export const realFsIoctl: FsIoctl = {
  openReadOnly: (path) => openAsync(path, constants.O_RDONLY),
  close: (fd) => closeAsync(fd),
  ioctl: async (fd, request) => {
    await libc().ioctlInt(fd, request, 0);
  },
  trim: async (fd, range) => {
    await libc().ioctlTrim(fd, FITRIM, range);
  },
};
