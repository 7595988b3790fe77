import { describe, it, expect } from '@jest/globals';
import { parseDiskstats, readDiskstats } from './diskstats.js';

describe('parseDiskstats', () => {
  it('maps 4, 11, 15 and 17 counter lines like qemu-ga, and skips short lines', () => {
    const text = [
      '   8       1 sda1 5 6 7 8',
      ' 254       0 vda 1 2 3 4 5 6 7 8 9 10 11',
      ' 254       1 vda1 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15',
      ' 254       2 vda2 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17',
      '   7       0 loop0 1 2 3 4 5 6',
      '   7       1 loop1 1 2 3',
      'junk',
    ].join('\n');
    const e = parseDiskstats(text);
    expect(e.map((x) => x.name)).toEqual(['sda1', 'vda', 'vda1', 'vda2', 'loop0']);
    expect(e[0]).toEqual({
      name: 'sda1',
      major: 8,
      minor: 1,
      stats: { readIos: 5n, readSectors: 6n, writeIos: 7n, writeSectors: 8n },
    });
    expect(e[1]!.stats).toEqual({
      readIos: 1n,
      readMerges: 2n,
      readSectors: 3n,
      readTicks: 4n,
      writeIos: 5n,
      writeMerges: 6n,
      writeSectors: 7n,
      writeTicks: 8n,
      iosPgr: 9n,
      totalTicks: 10n,
      weightTicks: 11n,
    });
    expect(e[2]!.stats.discardTicks).toBe(15n);
    expect(e[2]!.stats.flushIos).toBeUndefined();
    expect(e[3]!.stats.flushIos).toBe(16n);
    expect(e[3]!.stats.flushTicks).toBe(17n);
    expect(e[4]!.stats).toEqual({});
  });

  it('truncates the 32-bit tick columns and saturates 64-bit ones like sscanf', () => {
    const [e] = parseDiskstats('8 0 sda 99999999999999999999999 2 3 4 5 6 7 4294967297 9 10 11');
    expect(e!.stats.readIos).toBe(18446744073709551615n);
    expect(e!.stats.writeTicks).toBe(1n);
  });

  it('reads this machine and fails with qemu-ga text when the file is missing', async () => {
    expect((await readDiskstats()).length).toBeGreaterThan(0);
    await expect(readDiskstats(undefined, '/nonexistent/diskstats')).rejects.toThrow(
      'open("/nonexistent/diskstats"): No such file or directory',
    );
  });
});
