import { describe, it, expect } from '@jest/globals';
import { parseProcStat, readCpuTimes, userHz } from './cpustats.js';

describe('parseProcStat', () => {
  it('reports cpuN lines only, in ms, with optional columns as the kernel prints them', () => {
    const text = [
      'cpu  100 0 200 300 4 0 5 0 0 0',
      'cpu0 3230 1 2723 53847 46 0 116 0 0 0',
      'cpu1 10 20 30 40 50',
      'cpu2 10 20 30 40 50 60',
      'intr 1 2 3',
      'ctxt 12345',
    ].join('\n');
    const t = parseProcStat(text, 100);
    expect(t[0]).toEqual({
      cpu: 0,
      user: 32300n,
      nice: 10n,
      system: 27230n,
      idle: 538470n,
      iowait: 460n,
      irq: 0n,
      softirq: 1160n,
      steal: 0n,
      guest: 0n,
      guestnice: 0n,
    });
    expect(t[1]).toEqual({ cpu: 1, user: 100n, nice: 200n, system: 300n, idle: 400n, iowait: 500n });
    expect(t[2]!.irq).toBe(600n);
    expect(t[2]!.softirq).toBe(0n);
  });

  it('stops at a cpuN line with fewer than four counters (qemu-ga breaks there)', () => {
    expect(parseProcStat('cpu0 1 2 3 4\ncpu1 1 2\ncpu2 1 2 3 4', 100).map((c) => c.cpu)).toEqual([0]);
  });

  it('reads this machine: one entry per online CPU, USER_HZ from sysconf', async () => {
    expect(userHz()).toBeGreaterThan(0);
    const t = await readCpuTimes();
    expect(t.length).toBeGreaterThan(0);
    expect(t[0]!.cpu).toBe(0);
  });
});
