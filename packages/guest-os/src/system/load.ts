import { readFile } from 'node:fs/promises';
import { errnoText } from '@ga/native/errno';

/** 1, 5 and 15 minute load averages. */
export interface LoadAverage {
  load1m: number;
  load5m: number;
  load15m: number;
}

/**
 * Load averages as glibc's getloadavg(3) returns them (qemu-ga 10.0's
 * guest-get-load): parsed from /proc/loadavg's two-decimal text. os.loadavg()
 * would use sysinfo(2)'s fixed-point values, which differ in the last digits.
 */
export async function getLoadAverage(
  read: (p: string) => Promise<string> = (p) => readFile(p, 'latin1'),
): Promise<LoadAverage> {
  let text: string;
  try {
    text = await read('/proc/loadavg');
  } catch (err) {
    throw new Error(`cannot query load average: ${errnoText(err)}`);
  }
  const [a, b, c] = text.trim().split(/\s+/).map(Number);
  if (![a, b, c].every((v) => v !== undefined && Number.isFinite(v))) {
    throw new Error('cannot query load average: Invalid argument');
  }
  return { load1m: a!, load5m: b!, load15m: c! };
}
