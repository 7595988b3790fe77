/**
 * Memory figures from /proc/meminfo (KiB) and paging counters from
 * /proc/vmstat, read whole on each call (two small reads, no subprocess):
 * what the oVirt heartbeat's `free-ram` and `memory-stat` are built from.
 */
import { readFile } from 'node:fs/promises';

export interface MemInfo {
  /** KiB; 0 when the kernel does not report the field. */
  memTotal: number;
  memFree: number;
  buffers: number;
  cached: number;
  swapTotal: number;
  swapFree: number;
}

export interface VmStat {
  pswpin: number;
  pswpout: number;
  pgfault: number;
  pgmajfault: number;
}

export interface MeminfoDeps {
  readFile: (path: string) => Promise<string>;
}

const realRead = (p: string): Promise<string> => readFile(p, 'latin1');

/** `Key: value [kB]` lines -> numbers by key. */
export function parseMeminfo(text: string): MemInfo {
  const kv = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^([A-Za-z0-9_()]+):\s+(\d+)/.exec(line);
    if (m) kv.set(m[1]!, Number(m[2]));
  }
  const g = (k: string): number => kv.get(k) ?? 0;
  return { memTotal: g('MemTotal'), memFree: g('MemFree'), buffers: g('Buffers'), cached: g('Cached'), swapTotal: g('SwapTotal'), swapFree: g('SwapFree') };
}

/** `name value` lines of /proc/vmstat -> the four paging counters. */
export function parseVmstat(text: string): VmStat {
  const kv = new Map<string, number>();
  for (const line of text.split('\n')) {
    const sp = line.indexOf(' ');
    if (sp > 0) kv.set(line.slice(0, sp), Number(line.slice(sp + 1)));
  }
  const g = (k: string): number => {
    const v = kv.get(k);
    return v !== undefined && Number.isFinite(v) ? v : 0;
  };
  return { pswpin: g('pswpin'), pswpout: g('pswpout'), pgfault: g('pgfault'), pgmajfault: g('pgmajfault') };
}

export async function readMeminfo(deps: Partial<MeminfoDeps> = {}): Promise<MemInfo> {
  return parseMeminfo(await (deps.readFile ?? realRead)('/proc/meminfo'));
}

export async function readVmstat(deps: Partial<MeminfoDeps> = {}): Promise<VmStat> {
  return parseVmstat(await (deps.readFile ?? realRead)('/proc/vmstat'));
}
