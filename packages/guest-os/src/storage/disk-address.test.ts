import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makeTree } from '../support/__fixtures__/tree.js';
import { rootedFs, type RootedFs } from '../support/rooted-fs.js';
import { sysfsSpec } from './__fixtures__/sysfs.js';
import { collectDisks, type DiskAddress } from './disk-address.js';

let fs: RootedFs;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  const t = await makeTree(sysfsSpec);
  fs = rootedFs(t.root);
  cleanup = t.cleanup;
});
afterAll(() => cleanup());

const addr = (over: Partial<DiskAddress>): DiskAddress => ({
  pciController: { domain: -1, bus: -1, slot: -1, function: -1 },
  busType: 'unknown',
  bus: 0,
  target: 0,
  unit: 0,
  ...over,
});
const pci = (bus: number, slot: number, fn = 0) => ({ domain: 0, bus, slot, function: fn });

describe('collectDisks (qemu-ga build_guest_fsinfo_for_device)', () => {
  it('virtio-blk partition', async () => {
    expect(await collectDisks(fs, '/sys/dev/block/254:1')).toEqual({
      name: 'vda1',
      disks: [addr({ pciController: pci(0, 2), busType: 'virtio', dev: '/dev/vda1' })],
    });
  });

  it('device-mapper volume: named dm-0, disks found through slaves', async () => {
    expect(await collectDisks(fs, '/sys/dev/block/253:0')).toEqual({
      name: 'dm-0',
      disks: [addr({ pciController: pci(0, 2), busType: 'virtio', dev: '/dev/vda1' })],
    });
  });

  it('AHCI: unit is the rank of the ata port; serial from the udev database', async () => {
    const { disks } = await collectDisks(fs, '/sys/dev/block/8:0');
    expect(disks).toEqual([
      addr({ pciController: pci(0, 0x1f, 2), busType: 'sata', unit: 1, dev: '/dev/sda', serial: 'QEMU_HARDDISK_QM00005' }),
    ]);
  });

  it('ata_piix IDE: bus is the rank of the port, unit the SCSI target', async () => {
    const { disks } = await collectDisks(fs, '/sys/dev/block/8:16');
    expect(disks).toEqual([addr({ pciController: pci(0, 1, 1), busType: 'ide', bus: 1, unit: 1, dev: '/dev/sdb' })]);
  });

  it('virtio-scsi: unit is the LUN', async () => {
    const { disks } = await collectDisks(fs, '/sys/dev/block/8:32');
    expect(disks).toEqual([addr({ pciController: pci(0, 5), busType: 'scsi', unit: 3, dev: '/dev/sdc' })]);
  });

  it('NVMe behind a PCIe bridge: the controller function is the one with the nvme driver', async () => {
    const { disks } = await collectDisks(fs, '/sys/dev/block/259:0');
    expect(disks).toEqual([addr({ pciController: pci(1, 0), busType: 'nvme', dev: '/dev/nvme0n1' })]);
  });

  it('USB (no supported controller driver in 7.2): unknown bus, still listed for its device node', async () => {
    const { disks } = await collectDisks(fs, '/sys/dev/block/8:48');
    expect(disks).toEqual([addr({ dev: '/dev/sdd' })]);
  });

  it('loop device: no disks; a missing device (containers) is named after its numbers', async () => {
    expect(await collectDisks(fs, '/sys/dev/block/7:1')).toEqual({ name: 'loop1', disks: [] });
    expect(await collectDisks(fs, '/sys/dev/block/9:9')).toEqual({ name: '9:9', disks: [] });
  });
});
