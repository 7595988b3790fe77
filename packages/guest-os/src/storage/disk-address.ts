import path from 'node:path';
import { errnoText } from '@ga/native/errno';
import type { RootedFs } from '../support/rooted-fs.js';
import { udevDevice } from './udev.js';

/** Bus types qemu-ga 7.2 can derive on Linux (a subset of GuestDiskBusType). */
export type DiskBusType = 'ide' | 'scsi' | 'virtio' | 'sata' | 'nvme' | 'unknown';

/** Where a disk sits, as qemu-ga's GuestDiskAddress (-1 = unknown PCI field). */
export interface DiskAddress {
  pciController: { domain: number; bus: number; slot: number; function: number };
  busType: DiskBusType;
  bus: number;
  target: number;
  unit: number;
  serial?: string;
  dev?: string;
  ccwAddress?: { cssid: number; ssid: number; subchno: number; devno: number };
}

/** The disks under one block device, plus its kernel name (qemu-ga's fsinfo `name`). */
export interface DeviceDisks {
  /** basename of the resolved sysfs path ("vda", "dm-0"), or of the /sys/dev/block path when missing. */
  name?: string;
  /** In qemu-ga's order: each new disk is put in front (QAPI_LIST_PREPEND). */
  disks: DiskAddress[];
}

const HEX = '([0-9a-fA-F]+)';
/** Drivers whose PCI function qemu-ga 7.2 treats as the disk controller. */
const CONTROLLER_DRIVERS = new Set(['ata_piix', 'sym53c8xx', 'virtio-pci', 'ahci', 'nvme']);

/** `target<h>:<c>:<t>/<h>:<bus>:<target>:<lun>` → the last three numbers. */
function scsiTarget(syspath: string): [number, number, number] | undefined {
  const i = syspath.indexOf('/target');
  if (i < 0) return undefined;
  const m = /^\d+:\d+:\d+\/\d+:(\d+):(\d+):(\d+)/.exec(syspath.slice(i + 7));
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

/** Sorted host (or ata port) numbers of the directory that holds `/host<N>` (or `/ata<N>`). */
async function listHosts(fs: RootedFs, dir: string, ata: boolean): Promise<number[]> {
  let entries;
  try {
    entries = await fs.readDir(dir);
  } catch (err) {
    throw new Error(`opendir("${dir}"): ${errnoText(err)}`);
  }
  const re = ata ? /^ata([+-]?\d+)/ : /^host([+-]?\d+)/;
  const hosts: number[] = [];
  for (const e of entries) {
    if (hosts.length >= 8) break;
    const m = re.exec(e.name);
    if (m) hosts.push(Number(m[1]) >>> 0);
  }
  return hosts.sort((a, b) => a - b);
}

/** qemu-ga's build_guest_fsinfo_for_pci_dev: true when the address was filled in. */
async function fillPci(fs: RootedFs, syspath: string, disk: DiskAddress): Promise<boolean> {
  const at = syspath.indexOf('/devices/pci');
  if (at < 0) return false;
  const first = new RegExp(`^${HEX}:${HEX}/${HEX}:${HEX}:${HEX}\\.${HEX}`).exec(syspath.slice(at + 12));
  if (!first) return false;
  let pci = [first[3]!, first[4]!, first[5]!, first[6]!].map((h) => parseInt(h, 16));
  let p = at + 12 + first[0].length;
  let driver: string | undefined;
  for (;;) {
    try {
      driver = path.basename(await fs.readlink(`${syspath.slice(0, p)}/driver`));
    } catch {
      driver = undefined;
    }
    if (driver && CONTROLLER_DRIVERS.has(driver)) break;
    const next = new RegExp(`^/${HEX}:${HEX}:${HEX}\\.${HEX}`).exec(syspath.slice(p));
    if (!next) return false; // behind an unsupported driver (usb, …)
    pci = [next[1]!, next[2]!, next[3]!, next[4]!].map((h) => parseInt(h, 16));
    p += next[0].length;
  }

  const tgt = scsiTarget(syspath);
  let hostAt = syspath.indexOf('/ata');
  const ata = hostAt >= 0;
  if (!ata) hostAt = syspath.indexOf('/host');
  let host: number | undefined;
  let hosts: number[] = [];
  if (hostAt >= 0) {
    const m = /^\d+/.exec(syspath.slice(hostAt + (ata ? 4 : 5)));
    if (m) {
      host = Number(m[0]);
      hosts = await listHosts(fs, syspath.slice(0, hostAt), ata);
    }
  }

  disk.pciController = { domain: pci[0]!, bus: pci[1]!, slot: pci[2]!, function: pci[3]! };
  switch (driver) {
    case 'ata_piix': {
      // one SCSI host per IDE bus; unit is the target id
      if (host === undefined || !tgt) return false;
      const i = hosts.indexOf(host);
      if (i < 0) return false;
      disk.busType = 'ide';
      disk.bus = i;
      disk.unit = tgt[1];
      return true;
    }
    case 'sym53c8xx':
      if (!tgt) return false;
      disk.busType = 'scsi';
      disk.unit = tgt[1];
      return true;
    case 'virtio-pci':
      if (tgt) {
        disk.busType = 'scsi';
        disk.unit = tgt[2];
      } else {
        disk.busType = 'virtio';
      }
      return true;
    case 'ahci': {
      // one host per port; the unit is the port's rank
      if (host === undefined || !tgt) return false;
      const i = hosts.indexOf(host);
      if (i < 0) return false;
      disk.unit = i;
      disk.busType = 'sata';
      return true;
    }
    case 'nvme':
      disk.busType = 'nvme';
      return true;
    default:
      return false;
  }
}

/** Non-PCI virtio (s390 channel I/O, virtio-mmio). */
function fillNonPciVirtio(syspath: string, disk: DiskAddress): boolean {
  if (!syspath.includes('/virtio') || !syspath.includes('/block')) return false;
  const tgt = scsiTarget(syspath);
  if (tgt) {
    disk.busType = 'scsi';
    [disk.bus, disk.target, disk.unit] = tgt;
  } else {
    disk.busType = 'virtio';
  }
  return true;
}

function fillCcw(syspath: string, disk: DiskAddress): boolean {
  const at = syspath.indexOf('/devices/css');
  const m = new RegExp(`^${HEX}/${HEX}\\.${HEX}\\.${HEX}/${HEX}\\.${HEX}\\.${HEX}/`).exec(syspath.slice(at + 12));
  if (at < 0 || !m) return false;
  disk.ccwAddress = {
    cssid: parseInt(m[2]!, 16),
    ssid: parseInt(m[3]!, 16),
    subchno: parseInt(m[4]!, 16),
    devno: parseInt(m[7]!, 16),
  };
  if (syspath.slice(at).includes('/virtio')) fillNonPciVirtio(syspath, disk);
  return true;
}

async function realDevice(fs: RootedFs, syspath: string, out: DeviceDisks): Promise<void> {
  const disk: DiskAddress = {
    pciController: { domain: -1, bus: -1, slot: -1, function: -1 },
    busType: 'unknown',
    bus: 0,
    target: 0,
    unit: 0,
  };
  const udev = await udevDevice(fs, syspath);
  if (udev.devnode !== undefined) disk.dev = udev.devnode;
  const serial = udev.properties.get('ID_SERIAL');
  if (serial) disk.serial = serial;

  let known = false;
  if (syspath.includes('/devices/pci')) known = await fillPci(fs, syspath, disk);
  else if (syspath.includes('/devices/css')) known = fillCcw(syspath, disk);
  else if (syspath.includes('/virtio')) known = fillNonPciVirtio(syspath, disk);
  if (known || disk.dev !== undefined || disk.serial !== undefined) out.disks.unshift(disk);
}

async function virtualDevice(fs: RootedFs, syspath: string, out: DeviceDisks): Promise<void> {
  const dir = `${syspath}/slaves`;
  let entries;
  try {
    entries = await fs.readDir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new Error(`opendir("${dir}"): ${errnoText(err)}`);
  }
  for (const e of entries) {
    if (e.isSymlink) await collectDisks(fs, `${dir}/${e.name}`, out);
  }
}

/**
 * qemu-ga's build_guest_fsinfo_for_device: resolves `devpath` (a sysfs path,
 * e.g. /sys/dev/block/254:0), names the device after the first resolved path,
 * and collects disk addresses — device-mapper/md devices (under
 * /devices/virtual/block) through their `slaves`, real ones from the PCI /
 * CCW / virtio path. A path that does not exist (containers) only sets the name.
 * @throws Error `realpath("…"): …` / `opendir("…"): …` like qemu-ga.
 */
export async function collectDisks(fs: RootedFs, devpath: string, out: DeviceDisks = { disks: [] }): Promise<DeviceDisks> {
  let syspath: string;
  try {
    syspath = await fs.realpath(devpath);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`realpath("${devpath}"): ${errnoText(err)}`);
    out.name ??= path.basename(devpath);
    return out;
  }
  out.name ??= path.basename(syspath);
  if (syspath.includes('/devices/virtual/block/')) await virtualDevice(fs, syspath, out);
  else await realDevice(fs, syspath, out);
  return out;
}
