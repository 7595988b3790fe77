/**
 * The heartbeat's memory figures (§2.1): `free-ram` is a decimal string of
 * MiB (MemFree + Buffers + Cached), `memory-stat` KiB ints plus per-second
 * paging rates since the previous sample (0 in the first one).
 */
import type { MemInfo, VmStat } from '@ga/guest-os/memory/meminfo';

export interface MemoryStat {
  mem_total: number;
  mem_free: number;
  mem_unused: number;
  mem_buffers: number;
  mem_cached: number;
  swap_total: number;
  swap_usage: number;
  swap_in: number;
  swap_out: number;
  pageflt: number;
  majflt: number;
}

export interface VmSample {
  at: number;
  vm: VmStat;
}

export function freeRam(m: MemInfo): string {
  return String(Math.floor((m.memFree + m.buffers + m.cached) / 1024));
}

export function memoryStat(m: MemInfo, now: VmSample, prev: VmSample | undefined): MemoryStat {
  const secs = prev ? (now.at - prev.at) / 1000 : 0;
  const rate = (k: keyof VmStat): number => (prev && secs > 0 ? Math.max(0, Math.round((now.vm[k] - prev.vm[k]) / secs)) : 0);
  return {
    mem_total: m.memTotal,
    mem_free: m.memFree + m.buffers + m.cached,
    mem_unused: m.memFree,
    mem_buffers: m.buffers,
    mem_cached: m.cached,
    swap_total: m.swapTotal,
    swap_usage: m.swapTotal - m.swapFree,
    swap_in: rate('pswpin'),
    swap_out: rate('pswpout'),
    pageflt: rate('pgfault'),
    majflt: rate('pgmajfault'),
  };
}
