import type { DiskAddress } from '@ga/guest-os/storage/disk-address';
import type { NvmeSmart } from '@ga/guest-os/storage/nvme-smart';
import { listDisks } from '@ga/guest-os/storage/disks';
import { readDiskstats } from '@ga/guest-os/storage/diskstats';
import { listFilesystems } from '@ga/guest-os/storage/fsinfo';
import type { Handlers } from '../handlers.js';
import type { ReturnOf } from '../schema/commands.js';
import type { GuestDiskAddressOut } from '../schema/types.js';
import { asQga } from './qga-errors.js';

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

type WireSmart = NonNullable<ReturnOf<'guest-get-disks'>[number]['smart']>;

function wireSmart(s: NvmeSmart): WireSmart {
  return {
    type: 'nvme',
    'critical-warning': s.criticalWarning,
    temperature: s.temperature,
    'available-spare': s.availableSpare,
    'available-spare-threshold': s.availableSpareThreshold,
    'percentage-used': s.percentageUsed,
    'data-units-read-lo': s.dataUnitsRead[0],
    'data-units-read-hi': s.dataUnitsRead[1],
    'data-units-written-lo': s.dataUnitsWritten[0],
    'data-units-written-hi': s.dataUnitsWritten[1],
    'host-read-commands-lo': s.hostReadCommands[0],
    'host-read-commands-hi': s.hostReadCommands[1],
    'host-write-commands-lo': s.hostWriteCommands[0],
    'host-write-commands-hi': s.hostWriteCommands[1],
    'controller-busy-time-lo': s.controllerBusyTime[0],
    'controller-busy-time-hi': s.controllerBusyTime[1],
    'power-cycles-lo': s.powerCycles[0],
    'power-cycles-hi': s.powerCycles[1],
    'power-on-hours-lo': s.powerOnHours[0],
    'power-on-hours-hi': s.powerOnHours[1],
    'unsafe-shutdowns-lo': s.unsafeShutdowns[0],
    'unsafe-shutdowns-hi': s.unsafeShutdowns[1],
    'media-errors-lo': s.mediaErrors[0],
    'media-errors-hi': s.mediaErrors[1],
    'number-of-error-log-entries-lo': s.numberOfErrorLogEntries[0],
    'number-of-error-log-entries-hi': s.numberOfErrorLogEntries[1],
  };
}

type WireDiskStats = ReturnOf<'guest-get-diskstats'>[number]['stats'];

export const storageInfoHandlers: Pick<Handlers, 'guest-get-fsinfo' | 'guest-get-disks' | 'guest-get-diskstats'> = {
  // qemu-ga 7.2 has no total-bytes-privileged (9.1), so it is not sent.
  'guest-get-fsinfo': () =>
    asQga(async () =>
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
    asQga(async () =>
      (await listDisks()).map((d) => {
        const out: ReturnOf<'guest-get-disks'>[number] = { name: d.name, partition: d.partition };
        if (d.dependencies) out.dependencies = [...d.dependencies];
        if (d.address) out.address = wireAddress(d.address);
        if (d.alias !== undefined) out.alias = d.alias;
        if (d.smart) out.smart = wireSmart(d.smart);
        return out;
      }),
    ),

  'guest-get-diskstats': () =>
    asQga(async () =>
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
