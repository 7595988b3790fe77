import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { decodeMountName, listAllMounts, listMounts, parseMountinfo, splitDev, type MountDeps, type SourceStat } from './mounts.js';

const fixture = new URL('./__fixtures__/mountinfo.txt', import.meta.url);

function fakeStat(table: Record<string, SourceStat>): MountDeps['stat'] {
  return async (path) => {
    const st = table[path];
    if (!st) throw Object.assign(new Error(`ENOENT ${path}`), { code: 'ENOENT' });
    return st;
  };
}

const blk = (major: number, minor: number): SourceStat => ({
  isDirectory: false,
  isBlockDevice: true,
  rdev: (BigInt(major) << 8n) | BigInt(minor),
});

describe('listMounts (mountinfo)', () => {
  it('keeps real block devices and btrfs, in mount order, without bind de-dup', async () => {
    const mounts = await listMounts({
      readFile: () => readFile(fixture),
      stat: fakeStat({ '/dev/fakebtrfs': blk(253, 4) }),
    });
    expect(mounts).toEqual([
      { dirname: '/', devtype: 'ext4', devmajor: 254, devminor: 0, source: '/dev/vda' },
      { dirname: '/srv/btr', devtype: 'btrfs', devmajor: 253, devminor: 4, source: '/dev/fakebtrfs' },
      { dirname: '/mnt/with space', devtype: 'ext4', devmajor: 7, devminor: 0, source: '/dev/loop0' },
      { dirname: '/bind', devtype: 'ext4', devmajor: 254, devminor: 0, source: '/dev/vda' },
      { dirname: '/mnt/back\\slash\\777', devtype: 'xfs', devmajor: 8, devminor: 3, source: '/dev/sda3' },
    ]);
  });

  it('falls back to /proc/self/mounts, skipping non-/ sources, cifs and directory sources', async () => {
    const mounts = await listMounts({
      readFile: async (p) => {
        if (p === '/proc/self/mountinfo') throw new Error('ENOENT');
        return Buffer.from(
          [
            'proc /proc proc rw 0 0',
            '/dev/vda / ext4 rw 0 0',
            '//srv/share /mnt/s cifs rw 0 0',
            '/data /bind none rw,bind 0 0',
            '/dev/gone /mnt/g ext4 rw 0 0',
          ].join('\n'),
        );
      },
      stat: fakeStat({
        '/dev/vda': blk(254, 0),
        '/data': { isDirectory: true, isBlockDevice: false, rdev: 0n },
      }),
    });
    expect(mounts).toEqual([
      { dirname: '/', devtype: 'ext4', devmajor: 254, devminor: 0, source: '/dev/vda' },
      { dirname: '/mnt/g', devtype: 'ext4', devmajor: 0, devminor: 0, source: '/dev/gone' },
    ]);
  });

  it('fails with the mtab error when nothing is readable', async () => {
    await expect(
      listMounts({
        readFile: async () => {
          throw new Error('EACCES');
        },
      }),
    ).rejects.toThrow("failed to open mtab file: '/proc/self/mounts'");
  });

  it('reads this machine: every entry has a non-zero major and an existing /sys/dev/block node', async () => {
    const mounts = await listMounts();
    expect(mounts.length).toBeGreaterThan(0);
    for (const m of mounts) {
      expect(m.devmajor).not.toBe(0);
      expect(existsSync(`/sys/dev/block/${m.devmajor}:${m.devminor}`)).toBe(true);
    }
  });
});

describe('helpers', () => {
  it('decodes kernel octal escapes and UTF-8', () => {
    expect(decodeMountName('a\\040b\\011c\\134d\\\\e')).toBe('a b\tc\\d\\e');
    expect(decodeMountName('x\\8')).toBe('x\\8');
  });
  it('splits large dev_t values', () => {
    expect(splitDev((0xfff000n << 32n) | (0xfff00n << 12n) | (0xabcn << 8n) | 0x12n)).toEqual({ major: 0xfffabc, minor: 0xfff12 });
    expect(splitDev((259n << 8n) | 1n)).toEqual({ major: 259, minor: 1 });
  });
});

/** The kernel's mangling of mount paths in /proc/self/mountinfo (seq_path_root with " \t\n\\"). */
const mangle = (s: string): string =>
  Array.from(Buffer.from(s, 'utf8'), (b) =>
    [0x20, 0x09, 0x0a, 0x5c].includes(b) ? `\\${b.toString(8).padStart(3, '0')}` : String.fromCharCode(b),
  ).join('');

describe('mount point decoding (property)', () => {
  it('any mount point the kernel escapes comes back unchanged', async () => {
    const segment = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', '\t', '\n', '\\', 'é', '✓', '-', '0'), minLength: 1 });
    await fc.assert(
      fc.asyncProperty(fc.array(segment, { minLength: 1, maxLength: 4 }), async (parts) => {
        const dir = `/${parts.join('/')}`;
        const line = `36 1 8:1 / ${mangle(dir)} rw,relatime shared:1 - ext4 /dev/sda1 rw\n`;
        const [m] = await parseMountinfo(line); // mangle() already yields one char per byte
        return m?.dirname === dir && m.devmajor === 8 && m.devminor === 1;
      }),
      { numRuns: Number(process.env.GA_FUZZ_RUNS ?? 10000) },
    );
  });
});

describe('listAllMounts', () => {
  it('keeps every line of /proc/self/mounts, network and pseudo file systems included, names decoded', async () => {
    const text = 'sysfs /sys sysfs rw 0 0\nsrv:/export /mnt/my\\040share nfs4 rw 0 0\n/dev/vda1 / ext4 rw 0 0\n';
    const all = await listAllMounts({ readFile: async () => Buffer.from(text, 'latin1') });
    expect(all).toEqual([
      { source: 'sysfs', dirname: '/sys', devtype: 'sysfs' },
      { source: 'srv:/export', dirname: '/mnt/my share', devtype: 'nfs4' },
      { source: '/dev/vda1', dirname: '/', devtype: 'ext4' },
    ]);
  });
});
