import { describe, expect, it } from '@jest/globals';
import { exit, fakeRunner, killed } from '../exec/fake-runner.js';
import { shutdownGuest } from './shutdown.js';

describe('shutdownGuest (recording fake, never runs shutdown)', () => {
  it.each([
    [undefined, '-P'],
    ['powerdown', '-P'],
    ['halt', '-H'],
    ['reboot', '-r'],
  ])('mode %s runs /sbin/shutdown -h %s +0', async (mode, flag) => {
    const run = fakeRunner();
    await shutdownGuest(mode, run);
    expect(run.calls).toEqual([
      { file: '/sbin/shutdown', args: ['-h', flag, '+0', 'hypervisor initiated shutdown'], argv0: 'shutdown' },
    ]);
  });

  it('rejects a bad mode with qemu-ga text and runs nothing', async () => {
    const run = fakeRunner();
    await expect(shutdownGuest('bogus', run)).rejects.toThrow('mode is invalid (valid values are: halt|powerdown|reboot');
    await expect(shutdownGuest('toString', run)).rejects.toThrow('mode is invalid');
    expect(run.calls).toEqual([]);
  });

  it('maps failures to qemu-ga texts', async () => {
    await expect(shutdownGuest('halt', fakeRunner(() => exit(1)))).rejects.toThrow('child process has failed to shutdown');
    await expect(shutdownGuest('halt', fakeRunner(() => 'ENOENT'))).rejects.toThrow('child process has failed to shutdown');
    await expect(shutdownGuest('halt', fakeRunner(() => killed(9)))).rejects.toThrow('child process has terminated abnormally');
  });
});
