import type { TreeSpec } from '../../support/__fixtures__/tree.js';

const PCI = '/sys/devices/pci0000:00';
const uevent = (major: number, minor: number, name: string): string =>
  `MAJOR=${major}\nMINOR=${minor}\nDEVNAME=${name}\nDEVTYPE=disk\n`;

/** A block device directory with uevent and size, plus its /sys/dev/block and (for disks) /sys/block links. */
function dev(dir: string, major: number, minor: number, name: string, size: string, disk: boolean): TreeSpec {
  const t: TreeSpec = {
    [`${dir}/uevent`]: uevent(major, minor, name),
    [`${dir}/size`]: size,
    [`/sys/dev/block/${major}:${minor}`]: { link: dir },
  };
  if (disk) t[`/sys/block/${name}`] = { link: dir };
  return t;
}

const driver = (fn: string, name: string): TreeSpec => ({
  [`/sys/bus/pci/drivers/${name}`]: null,
  [`${fn}/driver`]: { link: `/sys/bus/pci/drivers/${name}` },
});

/**
 * A captured-style sysfs: virtio-blk vda (+vda1) under an LVM dm-0, an AHCI
 * SATA disk with a udev serial, an ata_piix IDE disk, a virtio-scsi LUN, an
 * NVMe namespace behind a PCIe bridge, a USB disk (unsupported controller),
 * loop devices (one zero-sized).
 */
export const sysfsSpec: TreeSpec = {
  ...driver(`${PCI}/0000:00:02.0`, 'virtio-pci'),
  ...dev(`${PCI}/0000:00:02.0/virtio1/block/vda`, 254, 0, 'vda', '2048\n', true),
  ...dev(`${PCI}/0000:00:02.0/virtio1/block/vda/vda1`, 254, 1, 'vda1', '2000\n', false),
  ...dev('/sys/devices/virtual/block/dm-0', 253, 0, 'dm-0', '1000\n', true),
  '/sys/devices/virtual/block/dm-0/slaves/vda1': { link: `${PCI}/0000:00:02.0/virtio1/block/vda/vda1` },
  '/run/udev/data/b253:0': 'S:mapper/vg-root\nE:DM_NAME=vg-root\nE:DM_UUID=LVM-x\n',

  ...driver(`${PCI}/0000:00:1f.2`, 'ahci'),
  [`${PCI}/0000:00:1f.2/ata1`]: null,
  ...dev(`${PCI}/0000:00:1f.2/ata3/host2/target2:0:0/2:0:0:0/block/sda`, 8, 0, 'sda', '100\n', true),
  '/run/udev/data/b8:0': 'E:ID_SERIAL=QEMU_HARDDISK_QM00005\n',

  ...driver(`${PCI}/0000:00:01.1`, 'ata_piix'),
  [`${PCI}/0000:00:01.1/ata1`]: null,
  ...dev(`${PCI}/0000:00:01.1/ata2/host1/target1:0:1/1:0:1:0/block/sdb`, 8, 16, 'sdb', '100\n', true),

  ...driver(`${PCI}/0000:00:05.0`, 'virtio-pci'),
  ...dev(`${PCI}/0000:00:05.0/virtio2/host3/target3:0:0/3:0:0:3/block/sdc`, 8, 32, 'sdc', '100\n', true),

  ...driver(`${PCI}/0000:00:1c.0`, 'pcieport'),
  ...driver(`${PCI}/0000:00:1c.0/0000:01:00.0`, 'nvme'),
  ...dev(`${PCI}/0000:00:1c.0/0000:01:00.0/nvme/nvme0/nvme0n1`, 259, 0, 'nvme0n1', '100\n', true),

  ...driver(`${PCI}/0000:00:1d.0`, 'xhci_hcd'),
  ...dev(`${PCI}/0000:00:1d.0/usb1/1-1/1-1:1.0/host6/target6:0:0/6:0:0:0/block/sdd`, 8, 48, 'sdd', '100\n', true),

  ...dev('/sys/devices/virtual/block/loop0', 7, 0, 'loop0', '0\n', true),
  ...dev('/sys/devices/virtual/block/loop1', 7, 1, 'loop1', '64\n', true),
  '/sys/devices/virtual/block/loop1/slaves': null,
};
