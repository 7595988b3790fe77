import { rootedFs, type RootedFs } from '../support/rooted-fs.js';
import { collectDisks, type DiskAddress } from './disk-address.js';
import { listMounts, type Mount, type MountDeps } from './mounts.js';
import { fsUsage, type FsUsage, type StatvfsDeps } from './statvfs.js';

/** One mounted local file system with its size and backing disks. */
export interface FilesystemInfo {
  /** Kernel name of the block device ("vda1", "dm-0", "loop0"). */
  name: string;
  mountpoint: string;
  type: string;
  usage?: FsUsage;
  /** Disk addresses (empty for loop devices and unknown hardware). */
  disks: DiskAddress[];
}

export interface FsinfoDeps {
  fs: RootedFs;
  mounts: Partial<MountDeps>;
  statvfs: Partial<StatvfsDeps>;
  listMounts: (deps: Partial<MountDeps>) => Promise<Mount[]>;
}

/**
 * qemu-ga's guest-get-fsinfo: every local mount (see listMounts), in
 * REVERSE mount order (qemu-ga prepends each entry; libvirt reverses the
 * list back), with backing disks from sysfs and statvfs sizes.
 * @throws Error with qemu-ga's text when the mount table or sysfs cannot be read.
 */
export async function listFilesystems(deps: Partial<FsinfoDeps> = {}): Promise<FilesystemInfo[]> {
  const fs = deps.fs ?? rootedFs();
  const mounts = await (deps.listMounts ?? listMounts)(deps.mounts ?? {});
  const out: FilesystemInfo[] = [];
  for (const m of mounts) {
    const { name, disks } = await collectDisks(fs, `/sys/dev/block/${m.devmajor}:${m.devminor}`);
    const info: FilesystemInfo = { name: name ?? '', mountpoint: m.dirname, type: m.devtype, disks };
    const usage = await fsUsage(m.dirname, deps.statvfs);
    if (usage) info.usage = usage;
    out.unshift(info);
  }
  return out;
}
