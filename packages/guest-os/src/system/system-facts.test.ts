import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { scanInt32, scanSigned64, scanUnsigned32, scanUnsigned64 } from '../support/c-scan.js';
import { getHostName } from './hostname.js';
import { getLoadAverage } from './load.js';
import { strerror } from '@ga/native/errno';
import { wallClockNs } from './wall-clock.js';

describe('host facts', () => {
  it('host name is gethostname, "localhost" when empty or failing', () => {
    expect(getHostName()).toBe(os.hostname());
    expect(getHostName({ gethostname: () => '' })).toBe('localhost');
    expect(
      getHostName({
        gethostname: () => {
          throw new Error('x');
        },
      }),
    ).toBe('localhost');
  });

  it('wall clock is in ns with µs resolution and follows Date.now()', () => {
    const before = BigInt(Date.now()) * 1_000_000n;
    const ns = wallClockNs();
    const after = BigInt(Date.now() + 1) * 1_000_000n;
    expect(ns % 1000n).toBe(0n);
    expect(ns >= before && ns <= after).toBe(true);
    expect(wallClockNs({ gettimeofday: () => ({ sec: 2n, usec: 5n }) })).toBe(2_000_005_000n);
  });

  it('load averages are /proc/loadavg values (getloadavg precision)', async () => {
    const l = await getLoadAverage();
    expect(Number.isFinite(l.load1m)).toBe(true);
    expect(await getLoadAverage(async () => '0.15 0.30 1.05 1/234 5678\n')).toEqual({
      load1m: 0.15,
      load5m: 0.3,
      load15m: 1.05,
    });
    expect(readFileSync('/proc/loadavg', 'latin1').length).toBeGreaterThan(0);
  });

  it('strerror is glibc text', () => {
    expect(strerror(2)).toBe('No such file or directory');
  });

  it('scans integers with sscanf overflow rules', () => {
    expect(scanSigned64('99999999999999999999')).toBe(9223372036854775807n);
    expect(scanUnsigned64('99999999999999999999')).toBe(18446744073709551615n);
    expect(scanUnsigned64('-1')).toBe(18446744073709551615n);
    expect(scanUnsigned32('4294967297')).toBe(1n);
    expect(scanInt32('ffffffff', 16)).toBe(-1);
    expect(scanInt32('80200001', 16)).toBe(-2145386495);
  });
});
