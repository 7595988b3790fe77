import { describe, expect, it } from '@jest/globals';
import { exit, fakeRunner } from '@ga/guest-os/testing/fake-runner';
import { createPowerHandlers } from './power.js';
import { fakeContext } from '../__fixtures__/fake-context.js';

describe('power handlers (recording fakes, nothing is shut down)', () => {
  it('44: rejects a bogus mode without running anything', async () => {
    const run = fakeRunner();
    const h = createPowerHandlers({ shutdownRun: run });
    await expect(h['guest-shutdown']({ mode: 'bogus' }, fakeContext({ stateDir: '/s' }))).rejects.toThrow(
      'mode is invalid (valid values are: halt|powerdown|reboot',
    );
    expect(run.calls).toEqual([]);
  });

  it('runs /sbin/shutdown for reboot and logs the mode', async () => {
    const run = fakeRunner();
    const ctx = fakeContext({ stateDir: '/s' });
    await createPowerHandlers({ shutdownRun: run })['guest-shutdown']({ mode: 'reboot' }, ctx);
    expect(run.calls).toEqual([
      { file: '/sbin/shutdown', args: ['-h', '-r', '+0', 'hypervisor initiated shutdown'], argv0: 'shutdown' },
    ]);
    expect(ctx.lines).toContain('audit: guest-shutdown called, mode: reboot');
  });

  it('suspend-ram goes through the chain and reports unsupported modes', async () => {
    const run = fakeRunner((file, args) =>
      [file, ...args].join(' ') === 'systemctl status systemd-suspend' ? exit(3) : exit(0),
    );
    const h = createPowerHandlers({ suspend: { run, readSysState: async () => '', writeSysState: async () => undefined } });
    await h['guest-suspend-ram']({}, fakeContext({ stateDir: '/s' }));
    expect(run.calls.map((c) => [c.file, ...c.args].join(' '))).toEqual(['systemctl status systemd-suspend', 'systemctl suspend']);
    const none = createPowerHandlers({
      suspend: { run: fakeRunner(() => 'ENOENT'), readSysState: async () => '', writeSysState: async () => undefined },
    });
    await expect(none['guest-suspend-disk']({}, fakeContext({ stateDir: '/s' }))).rejects.toThrow(
      'the requested suspend mode is not supported by the guest',
    );
  });
});
