import { constants as osConstants } from 'node:os';
import { errnoOf, errnoText } from '@ga/native/errno';
import type { Mount } from '../storage/mounts.js';
import { FIFREEZE, FITHAW, realFsIoctl, type FsIoctl } from './fs-ioctl.js';

const { EOPNOTSUPP, EBUSY } = osConstants.errno;

export interface FreezeOptions {
  /** guest-fsfreeze-freeze-list's mountpoints; undefined = every mount. Unknown entries are ignored. */
  only?: readonly string[];
  sys?: FsIoctl;
  /**
   * Checked after each FIFREEZE. When it returns true (a thaw was requested
   * while this freeze was still running, e.g. after the command timed out),
   * freezing stops and the error "fsfreeze was cancelled by a thaw" is thrown
   * so the caller thaws what was frozen.
   */
  cancelled?: () => boolean;
}

/** Error thrown by {@link freezeMounts}, with how many file systems it had frozen. */
export class FreezeError extends Error {
  constructor(
    message: string,
    readonly frozen: number,
  ) {
    super(message);
    this.name = 'FreezeError';
  }
}

/**
 * FIFREEZE each mount in REVERSE mount order (children before parents), as
 * qemu-ga does. EOPNOTSUPP (no freeze support) and EBUSY (already frozen, e.g.
 * a bind mount of a file system frozen a moment ago) are skipped and not
 * counted. Any other failure throws qemu-ga's text (`failed to open <dir>: …`,
 * `failed to freeze <dir>: …`) and leaves already-frozen mounts frozen: the
 * caller must thaw. Returns the number of file systems frozen.
 */
export async function freezeMounts(mounts: readonly Mount[], options: FreezeOptions = {}): Promise<number> {
  const sys = options.sys ?? realFsIoctl;
  let frozen = 0;
  for (const mount of [...mounts].reverse()) {
    if (options.only && !options.only.includes(mount.dirname)) continue;
    let fd: number;
    try {
      fd = await sys.openReadOnly(mount.dirname);
    } catch (err) {
      throw new FreezeError(`failed to open ${mount.dirname}: ${errnoText(err)}`, frozen);
    }
    try {
      await sys.ioctl(fd, FIFREEZE);
      frozen++;
    } catch (err) {
      const errno = errnoOf(err);
      if (errno !== EOPNOTSUPP && errno !== EBUSY) {
        throw new FreezeError(`failed to freeze ${mount.dirname}: ${errnoText(err)}`, frozen);
      }
    } finally {
      await sys.close(fd).catch(() => undefined);
    }
    if (options.cancelled?.()) throw new FreezeError('fsfreeze was cancelled by a thaw', frozen);
  }
  return frozen;
}

/**
 * FITHAW every mount, in mount order, repeatedly until the kernel refuses:
 * N nested freezes need N thaws, and the first failure means "not frozen
 * (any more)". Mounts that cannot be opened are skipped. Returns how many
 * mounts had at least one successful thaw — 0 after an external `fsfreeze -u`.
 */
export async function thawMounts(mounts: readonly Mount[], sys: FsIoctl = realFsIoctl): Promise<number> {
  let thawed = 0;
  for (const mount of mounts) {
    let fd: number;
    try {
      fd = await sys.openReadOnly(mount.dirname);
    } catch {
      continue;
    }
    try {
      let any = false;
      for (;;) {
        try {
          await sys.ioctl(fd, FITHAW);
          any = true;
        } catch {
          break;
        }
      }
      if (any) thawed++;
    } finally {
      await sys.close(fd).catch(() => undefined);
    }
  }
  return thawed;
}
