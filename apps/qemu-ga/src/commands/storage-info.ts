import type { DiskAddress } from '@ga/guest-os/storage/disk-address';
import { listDisks } from '@ga/guest-os/storage/disks';
import { readDiskstats } from '@ga/guest-os/storage/diskstats';
import { listFilesystems } from '@ga/guest-os/storage/fsinfo';
import type { Handlers } from '../handlers.js';
import type { ReturnOf } from '../schema/commands.js';
import type { GuestDiskAddressOut } from '../schema/types.js';
import { viaGuestOs } from './os-errors.js';

function wireAddress(a: DiskAddress): GuestDiskAddressOut {
  const out: GuestDiskAddressOut = {
    'pci-controller': { ...a.pciController },
    'bus-type': a.busType,
    bus: a.bus,
    target: a.target,
    unit: a.unit,
  };
  if (a.serial !== undefined) out.serial = a.serial;
  if (a.dev !== undefined) out.dev = a.dev;
  if (a.ccwAddress) out['ccw-address'] = { ...a.ccwAddress };
  return out;
}

type WireDiskStats = ReturnOf<'guest-get-diskstats'>[number]['stats'];

export const storageInfoHandlers: Pick<Handlers, 'guest-get-fsinfo' | 'guest-get-disks' | 'guest-get-diskstats'> = {
  // qemu-ga 7.2 has no total-bytes-privileged (9.1), so it is not sent.
  'guest-get-fsinfo': () =>
    viaGuestOs(async () =>
      (await listFilesystems()).map((f) => {
        const out: ReturnOf<'guest-get-fsinfo'>[number] = {
          name: f.name,
          mountpoint: f.mountpoint,
          type: f.type,
          disk: f.disks.map(wireAddress),
        };
        if (f.usage) {
          out['used-bytes'] = f.usage.usedBytes;
          out['total-bytes'] = f.usage.totalBytes;
        }
        return out;
      }),
    ),

  'guest-get-disks': () =>
    viaGuestOs(async () =>
      (await listDisks()).map((d) => {
        const out: ReturnOf<'guest-get-disks'>[number] = { name: d.name, partition: d.partition };
        if (d.dependencies) out.dependencies = [...d.dependencies];
        if (d.address) out.address = wireAddress(d.address);
        if (d.alias !== undefined) out.alias = d.alias;
        return out;
      }),
    ),

  'guest-get-diskstats': () =>
    viaGuestOs(async () =>
      (await readDiskstats()).map((e) => {
        const s = e.stats;
        const stats: WireDiskStats = {};
        if (s.readSectors !== undefined) stats['read-sectors'] = s.readSectors;
        if (s.readIos !== undefined) stats['read-ios'] = s.readIos;
        if (s.readMerges !== undefined) stats['read-merges'] = s.readMerges;
        if (s.writeSectors !== undefined) stats['write-sectors'] = s.writeSectors;
        if (s.writeIos !== undefined) stats['write-ios'] = s.writeIos;
        if (s.writeMerges !== undefined) stats['write-merges'] = s.writeMerges;
        if (s.discardSectors !== undefined) stats['discard-sectors'] = s.discardSectors;
        if (s.discardIos !== undefined) stats['discard-ios'] = s.discardIos;
        if (s.discardMerges !== undefined) stats['discard-merges'] = s.discardMerges;
        if (s.flushIos !== undefined) stats['flush-ios'] = s.flushIos;
        if (s.readTicks !== undefined) stats['read-ticks'] = s.readTicks;
        if (s.writeTicks !== undefined) stats['write-ticks'] = s.writeTicks;
        if (s.discardTicks !== undefined) stats['discard-ticks'] = s.discardTicks;
        if (s.flushTicks !== undefined) stats['flush-ticks'] = s.flushTicks;
        if (s.iosPgr !== undefined) stats['ios-pgr'] = s.iosPgr;
        if (s.totalTicks !== undefined) stats['total-ticks'] = s.totalTicks;
        if (s.weightTicks !== undefined) stats['weight-ticks'] = s.weightTicks;
        return { name: e.name, major: e.major, minor: e.minor, stats };
      }),
    ),
};
