import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';

const utmpSh = join(dirname(fileURLToPath(import.meta.url)), '../guest/utmp.sh');

function cstr(b: Buffer): string {
  const end = b.indexOf(0);
  return b.subarray(0, end < 0 ? b.length : end).toString('latin1');
}

describe('guest/utmp.sh (run by busybox sh, as in the guest)', () => {
  it('writes one 384-byte glibc x86_64 USER_PROCESS record', () => {
    const before = Math.floor(Date.now() / 1000);
    const rec = execFileSync('busybox', ['sh', '-c', `. ${utmpSh}; write_utmp_login tester pts/0 192.0.2.1`]);
    expect(rec.length).toBe(384);
    expect(rec.readInt16LE(0)).toBe(7); // USER_PROCESS
    expect(rec.readInt32LE(4)).toBe(1); // ut_pid
    expect(cstr(rec.subarray(8, 40))).toBe('pts/0');
    expect(cstr(rec.subarray(40, 44))).toBe('ts/0');
    expect(cstr(rec.subarray(44, 76))).toBe('tester');
    expect(cstr(rec.subarray(76, 332))).toBe('192.0.2.1');
    const sec = rec.readInt32LE(340);
    expect(sec).toBeGreaterThanOrEqual(before - 1);
    expect(sec).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 1);
    expect([...rec.subarray(348, 352)]).toEqual([192, 0, 2, 1]);
  });
});
