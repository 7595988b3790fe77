import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makeTree } from '../support/__fixtures__/tree.js';
import { rootedFs, type RootedFs } from '../support/rooted-fs.js';
import { sysfsSpec } from './__fixtures__/sysfs.js';
import { listDisks } from './disks.js';
import { listFilesystems } from './fsinfo.js';
import { readSmartLog } from './nvme-smart.js';
import type { Mount } from './mounts.js';

let fs: RootedFs;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  const t = await makeTree(sysfsSpec);
  fs = rootedFs(t.root);
  cleanup = t.cleanup;
});
afterAll(() => cleanup());

const mounts: Mount[] = [
  { dirname: '/', devtype: 'ext4', devmajor: 253, devminor: 0 },
  { dirname: '/boot', devtype: 'ext4', devmajor: 254, devminor: 1 },
  { dirname: '/mnt/img', devtype: 'xfs', devmajor: 7, devminor: 1 },
  { dirname: '/gone', devtype: 'ext4', devmajor: 9, devminor: 9 },
];

describe('listFilesystems', () => {
  it('reports mounts in reverse order with names, disks and statvfs sizes', async () => {
    const list = await listFilesystems({
      fs,
      listMounts: async () => mounts,
      statvfs: {
        statfs: async (p) => {
          if (p === '/gone') throw new Error('ENOENT');
          return { bsize: 1024n, blocks: 100n, bfree: 40n, bavail: 30n };
        },
      },
    });
    expect(list.map((f) => [f.name, f.mountpoint, f.type])).toEqual([
      ['9:9', '/gone', 'ext4'],
      ['loop1', '/mnt/img', 'xfs'],
      ['vda1', '/boot', 'ext4'],
      ['dm-0', '/', 'ext4'],
    ]);
    expect(list[0]!.usage).toBeUndefined();
    expect(list[1]!.disks).toEqual([]);
    expect(list[3]!.usage).toEqual({ usedBytes: 61440n, totalBytes: 92160n, totalBytesPrivileged: 102400n });
    expect(list[3]!.disks.map((d) => d.dev)).toEqual(['/dev/vda1']);
  });
});

describe('listDisks', () => {
  it('lists non-empty disks with partitions first, in reverse /sys/block order', async () => {
    const disks = await listDisks({ fs });
    const order = (await fs.readDir('/sys/block')).map((e) => e.name).filter((n) => n !== 'loop0');
    const expected: string[] = [];
    for (const n of order) {
      expected.unshift(`/dev/${n}`);
      if (n === 'vda') expected.unshift('/dev/vda1');
    }
    expect(disks.map((d) => d.name)).toEqual(expected);

    const byName = new Map(disks.map((d) => [d.name, d]));
    expect(byName.get('/dev/vda1')).toEqual({ name: '/dev/vda1', partition: true, dependencies: ['/dev/vda'] });
    expect(byName.get('/dev/vda')!.address?.busType).toBe('virtio');
    expect(byName.get('/dev/vda')!.dependencies).toBeUndefined();
    expect(byName.get('/dev/dm-0')).toEqual({
      name: '/dev/dm-0',
      partition: false,
      alias: 'vg-root',
      dependencies: ['/dev/vda1'],
    });
    expect(byName.get('/dev/loop1')).toEqual({ name: '/dev/loop1', partition: false, dependencies: [] });
    expect(byName.get('/dev/sda')!.address?.serial).toBe('QEMU_HARDDISK_QM00005');
  });

  it('adds the SMART log for NVMe disks only', async () => {
    const log = new Uint8Array(512);
    const b = Buffer.from(log.buffer);
    b[0] = 1;
    b.writeUInt16LE(310, 1);
    b[3] = 100;
    b[4] = 10;
    b[5] = 3;
    b.writeBigUInt64LE(12345n, 32);
    b.writeBigUInt64LE(1n, 40);
    b.writeBigUInt64LE(7n, 176);
    const asked: string[] = [];
    const disks = await listDisks({
      fs,
      smartLog: (dev) => {
        asked.push(dev);
        return log;
      },
    });
    expect(asked).toEqual(['/dev/nvme0n1']);
    const smart = disks.find((d) => d.name === '/dev/nvme0n1')!.smart!;
    expect(smart.criticalWarning).toBe(1);
    expect(smart.temperature).toBe(310);
    expect(smart.availableSpare).toBe(100);
    expect(smart.availableSpareThreshold).toBe(10);
    expect(smart.percentageUsed).toBe(3);
    expect(smart.dataUnitsRead).toEqual([12345n, 1n]);
    expect(smart.numberOfErrorLogEntries).toEqual([7n, 0n]);
    expect(disks.filter((d) => d.smart).length).toBe(1);
  });

  it('gets no SMART log from a device that is not NVMe (the ioctl fails)', () => {
    expect(readSmartLog('/dev/null')).toBeUndefined();
    expect(readSmartLog('/nonexistent/nvme0')).toBeUndefined();
  });

  it('reads this machine without error', async () => {
    const disks = await listDisks();
    for (const d of disks) expect(d.name.startsWith('/dev/')).toBe(true);
  });
});
