/**
 * disks-usage: `{path, fs, total, used}` per mounted file system not in
 * ignored_fs (bytes, ints: total = f_bsize*f_blocks, used = total -
 * f_bsize*f_bfree), empty ones skipped when ignore_zero_size_fs, and the
 * `mapping` serial -> {name: device node} (§2.1).
 */
import type { DiskSerial } from '@ga/guest-os/storage/disk-serials';
import type { AnyMount } from '@ga/guest-os/storage/mounts';
import type { FsUsage } from '@ga/guest-os/storage/statvfs';

export interface OvirtDisk {
  path: string;
  fs: string;
  total: bigint;
  used: bigint;
}

export async function disksUsage(
  mounts: readonly AnyMount[],
  usage: (path: string) => Promise<FsUsage | undefined>,
  opts: { ignoredFs: readonly string[]; ignoreZeroSizeFs: boolean },
): Promise<OvirtDisk[]> {
  const seen = new Set<string>();
  const out: OvirtDisk[] = [];
  for (const m of mounts) {
    if (opts.ignoredFs.includes(m.devtype) || seen.has(m.dirname)) continue;
    seen.add(m.dirname);
    const u = await usage(m.dirname);
    if (!u) continue;
    const total = u.totalBytesPrivileged;
    const used = u.usedBytes;
    if (opts.ignoreZeroSizeFs && total === 0n && used === 0n) continue;
    out.push({ path: m.dirname, fs: m.devtype, total, used });
  }
  return out;
}

export function diskMapping(serials: readonly DiskSerial[]): Record<string, { name: string }> {
  const map: Record<string, { name: string }> = {};
  for (const s of serials) map[s.serial] ??= { name: s.devnode };
  return map;
}
