import { readFile } from 'node:fs/promises';
import { scanUnsigned32, scanUnsigned64 } from '../support/c-scan.js';
import { errnoText } from '@ga/native/errno';

/** Counters of one /proc/diskstats line; which are present depends on the kernel's column count. */
export interface DiskStats {
  readIos?: bigint;
  readMerges?: bigint;
  readSectors?: bigint;
  readTicks?: bigint;
  writeIos?: bigint;
  writeMerges?: bigint;
  writeSectors?: bigint;
  writeTicks?: bigint;
  iosPgr?: bigint;
  totalTicks?: bigint;
  weightTicks?: bigint;
  discardIos?: bigint;
  discardMerges?: bigint;
  discardSectors?: bigint;
  discardTicks?: bigint;
  flushIos?: bigint;
  flushTicks?: bigint;
}

export interface DiskStatsEntry {
  name: string;
  major: number;
  minor: number;
  stats: DiskStats;
}

const u32 = (s: string): bigint => scanUnsigned32(s);
const u64 = (s: string): bigint => scanUnsigned64(s);

/**
 * Parses /proc/diskstats like qemu-ga: lines with fewer than 4 counters are
 * skipped; exactly 4 counters is the old partition format (read ios/sectors,
 * write ios/sectors); 11+ adds the full set, 15+ discards, 17+ flushes.
 * 5–10 counters give an empty stats object. Columns qemu-ga scans as 32-bit
 * (ticks, in-flight) wrap like C's `unsigned int`.
 */
export function parseDiskstats(text: string): DiskStatsEntry[] {
  const out: DiskStatsEntry[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 3 || !/^\d+$/.test(f[0]!) || !/^\d+$/.test(f[1]!)) continue;
    let n = 0;
    while (n < 17 && /^\d+$/.test(f[3 + n] ?? '')) n++;
    if (n < 4) continue;
    const c = f.slice(3, 3 + n);
    const stats: DiskStats = {};
    if (n === 4) {
      stats.readIos = u64(c[0]!);
      stats.readSectors = u64(c[1]!);
      stats.writeIos = u64(c[2]!);
      stats.writeSectors = u64(c[3]!);
    }
    if (n >= 11) {
      stats.readIos = u64(c[0]!);
      stats.readMerges = u64(c[1]!);
      stats.readSectors = u64(c[2]!);
      stats.readTicks = u64(c[3]!);
      stats.writeIos = u64(c[4]!);
      stats.writeMerges = u64(c[5]!);
      stats.writeSectors = u64(c[6]!);
      stats.writeTicks = u32(c[7]!);
      stats.iosPgr = u32(c[8]!);
      stats.totalTicks = u32(c[9]!);
      stats.weightTicks = u32(c[10]!);
    }
    if (n >= 15) {
      stats.discardIos = u64(c[11]!);
      stats.discardMerges = u64(c[12]!);
      stats.discardSectors = u64(c[13]!);
      stats.discardTicks = u32(c[14]!);
    }
    if (n >= 17) {
      stats.flushIos = u64(c[15]!);
      stats.flushTicks = u32(c[16]!);
    }
    out.push({
      name: f[2]!,
      major: Number(scanUnsigned32(f[0]!)),
      minor: Number(scanUnsigned32(f[1]!)),
      stats,
    });
  }
  return out;
}

/**
 * Every /proc/diskstats line (loops and partitions included), in file order.
 * @throws Error `open("/proc/diskstats"): …` like qemu-ga.
 */
export async function readDiskstats(
  read: (p: string) => Promise<string> = (p) => readFile(p, 'latin1'),
  path = '/proc/diskstats',
): Promise<DiskStatsEntry[]> {
  let text: string;
  try {
    text = await read(path);
  } catch (err) {
    throw new Error(`open("${path}"): ${errnoText(err)}`);
  }
  return parseDiskstats(text);
}
