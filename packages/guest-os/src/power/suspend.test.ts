import { describe, expect, it } from '@jest/globals';
import { exit, fakeRunner } from '../exec/fake-runner.js';
import type { RunResult } from '../exec/run-command.js';
import { suspendGuest, type SuspendMode } from './suspend.js';

type Table = Record<string, RunResult | 'ENOENT'>;

function setup(table: Table, sysState = '', failWrite = false) {
  const run = fakeRunner((file, args) => table[[file, ...args].join(' ')] ?? 'ENOENT');
  const writes: string[] = [];
  const deps = {
    run,
    readSysState: async () => sysState,
    writeSysState: async (w: string) => {
      if (failWrite) throw new Error('EIO');
      writes.push(w);
    },
  };
  return { run, writes, deps, cmds: () => run.calls.map((c) => [c.file, ...c.args].join(' ')) };
}

describe('suspendGuest chain (recording fakes)', () => {
  it('uses systemd when the unit exists', async () => {
    const s = setup({ 'systemctl status systemd-suspend': exit(3), 'systemctl suspend': exit(0) });
    await suspendGuest('ram', s.deps);
    expect(s.cmds()).toEqual(['systemctl status systemd-suspend', 'systemctl suspend']);
  });

  it('falls through to pm-utils when systemd lacks the unit (status 4)', async () => {
    const s = setup({
      'systemctl status systemd-hibernate': exit(4),
      'pm-is-supported --hibernate': exit(0),
      'pm-hibernate': exit(0),
    });
    await suspendGuest('disk', s.deps);
    expect(s.cmds()).toEqual(['systemctl status systemd-hibernate', 'pm-is-supported --hibernate', 'pm-hibernate']);
  });

  it('falls through to /sys/power/state', async () => {
    const s = setup({}, 'freeze mem disk\n');
    await suspendGuest('ram', s.deps);
    expect(s.writes).toEqual(['mem']);
    const d = setup({ 'systemctl status systemd-hibernate': exit(3), 'systemctl hibernate': exit(1) }, 'disk');
    await suspendGuest('disk', d.deps);
    expect(d.writes).toEqual(['disk']);
  });

  it('reports an unsupported mode', async () => {
    const modes: SuspendMode[] = ['disk', 'ram', 'hybrid'];
    for (const mode of modes) {
      await expect(suspendGuest(mode, setup({}, 'freeze').deps)).rejects.toThrow(
        'the requested suspend mode is not supported by the guest',
      );
    }
    // hybrid never uses /sys/power/state
    const h = setup({}, 'freeze mem disk');
    await expect(suspendGuest('hybrid', h.deps)).rejects.toThrow('not supported by the guest');
    expect(h.writes).toEqual([]);
  });

  it('reports the last stage error when a stage supported the mode but failed', async () => {
    const w = setup({}, 'mem', true);
    await expect(suspendGuest('ram', w.deps)).rejects.toThrow('child process has failed to suspend');
    const h = setup({ 'systemctl status systemd-hybrid-sleep': exit(3), 'systemctl hybrid-sleep': exit(1) });
    await expect(suspendGuest('hybrid', h.deps)).rejects.toThrow('unknown guest suspend mode');
  });
});
