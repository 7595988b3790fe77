import { readFile } from 'node:fs/promises';
import { scanUnsigned64 } from '../support/c-scan.js';
import { errnoText } from '@ga/native/errno';
import { libc } from '@ga/native/libc';

/** Per-CPU times from /proc/stat in milliseconds (qemu-ga's GuestLinuxCpuStats). */
export interface CpuTimes {
  cpu: number;
  user: bigint;
  nice: bigint;
  system: bigint;
  idle: bigint;
  iowait?: bigint;
  irq?: bigint;
  softirq?: bigint;
  steal?: bigint;
  guest?: bigint;
  guestnice?: bigint;
}

const _SC_CLK_TCK = 2;
let clkTck: number | undefined;

/** sysconf(_SC_CLK_TCK): the unit of /proc/stat (USER_HZ, 100 on most architectures). */
export function userHz(): number {
  clkTck ??= libc().sysconf(_SC_CLK_TCK);
  return clkTck;
}

/**
 * Parses /proc/stat like qemu-ga: only `cpuN` lines (not the `cpu` total);
 * ticks × 1000 / USER_HZ in C unsigned-long arithmetic; optional columns
 * appear when the kernel prints them. A cpuN line with fewer than 4 numbers
 * ends the scan (qemu-ga logs and stops there).
 */
export function parseProcStat(text: string, hz: number): CpuTimes[] {
  const out: CpuTimes[] = [];
  const ms = (v: string): bigint => BigInt.asUintN(64, scanUnsigned64(v) * 1000n) / BigInt(hz);
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    const name = f[0];
    if (!name || !name.startsWith('cpu') || name.length === 3) continue;
    let n = 0;
    while (n < 10 && /^\d+$/.test(f[1 + n] ?? '')) n++;
    if (n < 4) break;
    const v = f.slice(1, 1 + n);
    const t: CpuTimes = {
      cpu: parseInt(name.slice(3), 10) || 0,
      user: ms(v[0]!),
      nice: ms(v[1]!),
      system: ms(v[2]!),
      idle: ms(v[3]!),
    };
    if (n > 4) t.iowait = ms(v[4]!);
    if (n > 5) {
      t.irq = ms(v[5]!);
      t.softirq = ms(v[6] ?? '0');
    }
    if (n > 7) t.steal = ms(v[7]!);
    if (n > 8) t.guest = ms(v[8]!);
    if (n > 9) t.guestnice = ms(v[9]!);
    out.push(t);
  }
  return out;
}

/**
 * Per-CPU times from /proc/stat.
 * @throws Error `open("/proc/stat"): …` like qemu-ga.
 */
export async function readCpuTimes(
  deps: { readFile?: (p: string) => Promise<string>; hz?: number; path?: string } = {},
): Promise<CpuTimes[]> {
  const path = deps.path ?? '/proc/stat';
  let text: string;
  try {
    text = await (deps.readFile ?? ((p: string) => readFile(p, 'latin1')))(path);
  } catch (err) {
    throw new Error(`open("${path}"): ${errnoText(err)}`);
  }
  return parseProcStat(text, deps.hz ?? userHz());
}
