import { constants as osConstants } from 'node:os';
import { errnoOf, errnoText } from '@ga/native/errno';
import type { Mount } from '../storage/mounts.js';
import { realFsIoctl, type FsIoctl } from './fs-ioctl.js';

const { ENOTTY, EOPNOTSUPP } = osConstants.errno;

/** One guest-fstrim entry: either `trimmed`+`minimum` or `error`. */
export interface TrimResult {
  path: string;
  trimmed?: number;
  minimum?: number;
  error?: string;
}

/**
 * FITRIM every mount over its whole range with `minimum` as minlen. Failures
 * become per-path error strings (`failed to open: …`, `trim not supported`
 * for ENOTTY/EOPNOTSUPP, `failed to trim: …`); nothing throws. Results come
 * in REVERSE mount order, because qemu-ga prepends each one to its list.
 */
export async function trimMounts(
  mounts: readonly Mount[],
  minimum = 0,
  sys: FsIoctl = realFsIoctl,
): Promise<TrimResult[]> {
  const results: TrimResult[] = [];
  for (const mount of mounts) {
    const result: TrimResult = { path: mount.dirname };
    results.unshift(result);
    let fd: number;
    try {
      fd = await sys.openReadOnly(mount.dirname);
    } catch (err) {
      result.error = `failed to open: ${errnoText(err)}`;
      continue;
    }
    try {
      const range = { start: 0n, len: 0xffffffffffffffffn, minlen: BigInt(minimum) };
      await sys.trim(fd, range);
      result.trimmed = Number(range.len);
      result.minimum = Number(range.minlen);
    } catch (err) {
      const errno = errnoOf(err);
      result.error =
        errno === ENOTTY || errno === EOPNOTSUPP ? 'trim not supported' : `failed to trim: ${errnoText(err)}`;
    } finally {
      await sys.close(fd).catch(() => undefined);
    }
  }
  return results;
}
