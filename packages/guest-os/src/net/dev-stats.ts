import { readFile } from 'node:fs/promises';
import { scanSigned64 } from '../support/c-scan.js';

/** The /proc/net/dev counters qemu-ga reports for an interface. */
export interface NetDevStats {
  rxBytes: bigint;
  rxPackets: bigint;
  rxErrs: bigint;
  rxDropped: bigint;
  txBytes: bigint;
  txPackets: bigint;
  txErrs: bigint;
  txDropped: bigint;
}

/**
 * Finds `name` in /proc/net/dev text the way qemu-ga does: the part before the
 * first ':' of a (left-trimmed) line must equal the name exactly — so an alias
 * like `eth0:1` never matches and gets no statistics — and the line must have
 * 16 numeric columns, else the search goes on.
 */
export function findNetDevStats(text: string, name: string): NetDevStats | undefined {
  for (const raw of text.split('\n')) {
    const line = raw.trimStart();
    const colon = line.indexOf(':');
    if (colon < 0 || line.slice(0, colon) !== name) continue;
    const cols = line.slice(colon + 1).trim().split(/\s+/);
    if (cols.length < 16 || !cols.slice(0, 16).every((c) => /^[+-]?\d+$/.test(c))) continue;
    // qemu-ga scans with %lld into long long, then stores into uint64 members.
    const n = cols.map((c) => BigInt.asUintN(64, scanSigned64(c)));
    return {
      rxBytes: n[0]!,
      rxPackets: n[1]!,
      rxErrs: n[2]!,
      rxDropped: n[3]!,
      txBytes: n[8]!,
      txPackets: n[9]!,
      txErrs: n[10]!,
      txDropped: n[11]!,
    };
  }
  return undefined;
}

/** Reads /proc/net/dev; undefined when it cannot be read (qemu-ga then omits statistics). */
export async function readNetDev(
  read: (path: string) => Promise<string> = (p) => readFile(p, 'latin1'),
  path = '/proc/net/dev',
): Promise<string | undefined> {
  try {
    return await read(path);
  } catch {
    return undefined;
  }
}
