// Builds glibc x86_64 `struct utmp` records (384 bytes each, utmp(5)) for the
// guest-get-users cases: type, pid, line, id, user, host, exit, session, tv, addr.
export const USER_PROCESS = 7;
export const LOGIN_PROCESS = 6;
export const DEAD_PROCESS = 8;

export interface UtmpEntry {
  type: number;
  user: string;
  line: string;
  /** seconds.microseconds since the epoch */
  sec: number;
  usec: number;
  host?: string;
  pid?: number;
}

export function utmpRecords(entries: readonly UtmpEntry[]): Buffer {
  const out = Buffer.alloc(384 * entries.length);
  entries.forEach((e, i) => {
    const b = out.subarray(i * 384, (i + 1) * 384);
    b.writeInt16LE(e.type, 0);
    b.writeInt32LE(e.pid ?? 1000 + i, 4);
    b.write(e.line, 8, 32, 'latin1');
    b.write(e.line.slice(-4), 40, 4, 'latin1');
    b.write(e.user, 44, 32, 'latin1');
    b.write(e.host ?? '', 76, 256, 'latin1');
    b.writeInt32LE(i + 1, 336);
    b.writeInt32LE(e.sec, 340);
    b.writeInt32LE(e.usec, 344);
  });
  return out;
}
