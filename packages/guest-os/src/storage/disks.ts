import { errnoText } from '@ga/native/errno';
import { rootedFs, type DirEntry, type RootedFs } from '../support/rooted-fs.js';
import { collectDisks, type DiskAddress } from './disk-address.js';
import { parseSmartLog, readSmartLog, type NvmeSmart, type SmartLogReader } from './nvme-smart.js';
import { udevDevice } from './udev.js';

/** One disk or partition as qemu-ga's guest-get-disks reports it. */
export interface DiskInfo {
  /** Device node, e.g. "/dev/vda" or "/dev/vda1". */
  name: string;
  partition: boolean;
  /** Device nodes this one is built on (dm/md slaves; a partition's parent disk). */
  dependencies?: string[];
  address?: DiskAddress;
  /** device-mapper name (udev DM_NAME), e.g. "vg-root". */
  alias?: string;
  /** NVMe health log, for disks on an NVMe controller (needs root). */
  smart?: NvmeSmart;
}

const isVirtual = async (fs: RootedFs, p: string): Promise<boolean> =>
  (await fs.realpath(p)).includes('/devices/virtual/block/');

/** Partitions are subdirectories named <disk><N> or <disk>p<N>. */
function isPartitionName(disk: string, entry: string): boolean {
  if (!entry.startsWith(disk)) return false;
  const rest = entry.slice(disk.length);
  return /^\d/.test(rest) || /^p\d/.test(rest);
}

/**
 * qemu-ga 7.2's guest-get-disks: every /sys/block device with a non-zero
 * size and a device node, plus its partitions. qemu-ga builds the list by
 * prepending, so the result is in reverse /sys/block order and each disk's
 * partitions come before it. NVMe disks carry their SMART log.
 * @throws Error `Can't open directory "/sys/block": …` like qemu-ga.
 */
export async function listDisks(deps: { fs?: RootedFs; smartLog?: SmartLogReader } = {}): Promise<DiskInfo[]> {
  const fs = deps.fs ?? rootedFs();
  const smartLog = deps.smartLog ?? readSmartLog;
  let entries;
  try {
    entries = await fs.readDir('/sys/block');
  } catch (err) {
    throw new Error(`Can't open directory "/sys/block": ${errnoText(err)}`);
  }
  const out: DiskInfo[] = [];
  for (const de of entries) {
    if (!de.isSymlink) continue;
    const diskDir = `/sys/block/${de.name}`;
    let size: string;
    try {
      size = await fs.readText(`${diskDir}/size`);
    } catch {
      continue;
    }
    if (size === '0\n') continue;
    const udev = await udevDevice(fs, diskDir);
    if (udev.devnode === undefined) continue;
    const disk: DiskInfo = { name: udev.devnode, partition: false };
    const alias = udev.properties.get('DM_NAME');
    if (alias) disk.alias = alias;
    out.unshift(disk);

    let virtual: boolean;
    try {
      virtual = await isVirtual(fs, diskDir);
    } catch {
      virtual = true; // qemu-ga: cannot tell, so no address
    }
    if (!virtual) {
      try {
        const found = await collectDisks(fs, diskDir);
        if (found.disks[0]) disk.address = found.disks[0];
      } catch {
        // qemu-ga ignores address errors for get-disks
      }
    }

    try {
      const slaves = await fs.readDir(`${diskDir}/slaves`);
      disk.dependencies = [];
      for (const s of slaves) {
        const dep = await udevDevice(fs, `${diskDir}/slaves/${s.name}`);
        if (dep.devnode !== undefined) disk.dependencies.unshift(dep.devnode);
      }
    } catch {
      // no slaves directory: dependencies omitted
    }

    if (disk.address?.busType === 'nvme') {
      const log = smartLog(disk.name);
      if (log) disk.smart = parseSmartLog(log);
    }

    let children: DirEntry[];
    try {
      children = await fs.readDir(diskDir);
    } catch {
      children = [];
    }
    for (const c of children) {
      if (!c.isDirectory || !isPartitionName(de.name, c.name)) continue;
      const part = await udevDevice(fs, `${diskDir}/${c.name}`);
      if (part.devnode === undefined) continue;
      out.unshift({ name: part.devnode, partition: true, dependencies: [udev.devnode] });
    }
  }
  return out;
}
