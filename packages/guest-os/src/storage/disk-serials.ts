/**
 * Serial number -> device node of every whole disk, from the same udev
 * view qemu-ga's disk code reads (uevent + /run/udev/data): the oVirt
 * `disks-usage` mapping (`{"<ID_SERIAL>": {"name": "/dev/vda"}}`) that lets
 * the host match its disk images to guest devices.
 */
import { rootedFs, type RootedFs } from '../support/rooted-fs.js';
import { udevDevice } from './udev.js';

export interface DiskSerial {
  serial: string;
  devnode: string;
}

/** Disks with a serial, in /sys/block order; [] when /sys/block cannot be read. */
export async function listDiskSerials(deps: { fs?: RootedFs } = {}): Promise<DiskSerial[]> {
  const fs = deps.fs ?? rootedFs();
  let entries;
  try {
    entries = await fs.readDir('/sys/block');
  } catch {
    return [];
  }
  const out: DiskSerial[] = [];
  for (const e of entries) {
    const dev = await udevDevice(fs, `/sys/block/${e.name}`);
    if (dev.devnode === undefined || dev.properties.get('DEVTYPE') !== 'disk') continue;
    // virtio-blk disks have no ID_SERIAL in the kernel's uevent; udev's database and sysfs `serial` do.
    let serial = dev.properties.get('ID_SERIAL');
    if (!serial) {
      try {
        serial = (await fs.readText(`/sys/block/${e.name}/serial`)).trim();
      } catch {
        serial = undefined;
      }
    }
    if (serial) out.push({ serial, devnode: dev.devnode });
  }
  return out;
}
