import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootedFs } from '../support/rooted-fs.js';
import { listDiskSerials } from './disk-serials.js';

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('listDiskSerials', () => {
  it('maps udev ID_SERIAL, else the sysfs serial, to the device node', async () => {
    root = mkdtempSync(join(tmpdir(), 'serials-'));
    const disk = (name: string, minor: number, files: Record<string, string>) => {
      mkdirSync(join(root, 'sys/block', name), { recursive: true });
      writeFileSync(join(root, 'sys/block', name, 'uevent'), `MAJOR=252\nMINOR=${minor}\nDEVNAME=${name}\nDEVTYPE=disk\n`);
      for (const [f, t] of Object.entries(files)) writeFileSync(join(root, 'sys/block', name, f), t);
    };
    disk('vda', 0, {});
    disk('vdb', 16, { serial: 'b-serial\n' });
    disk('vdc', 32, {});
    mkdirSync(join(root, 'run/udev/data'), { recursive: true });
    writeFileSync(join(root, 'run/udev/data/b252:0'), 'S:disk/by-id/virtio-abc\nE:ID_SERIAL=abc-123\n');
    const got = await listDiskSerials({ fs: rootedFs(root) });
    expect(got.sort((a, b) => a.devnode.localeCompare(b.devnode))).toEqual([{ serial: 'abc-123', devnode: '/dev/vda' }, { serial: 'b-serial', devnode: '/dev/vdb' }]);
  });
  it('is empty without /sys/block', async () => {
    root = mkdtempSync(join(tmpdir(), 'serials-'));
    expect(await listDiskSerials({ fs: rootedFs(root) })).toEqual([]);
  });
});
