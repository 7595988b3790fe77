import { describe, expect, it } from '@jest/globals';
import { fakeRunner } from '../exec/fake-runner.js';
import { delayedShutdownArgs, shutdownWithMessage } from './shutdown-delayed.js';

describe('shutdownWithMessage', () => {
  it('rounds seconds up to minutes and passes the message as one argument', () => {
    expect(delayedShutdownArgs({ delaySeconds: 70, message: 'bye', reboot: false })).toEqual(['-h', '+2', 'bye']);
    expect(delayedShutdownArgs({ delaySeconds: 30, message: 'a "quoted" $msg', reboot: true })).toEqual(['-r', '+1', 'a "quoted" $msg']);
    expect(delayedShutdownArgs({ delaySeconds: 0, message: '', reboot: false })).toEqual(['-h', '+0', '']);
    expect(delayedShutdownArgs({ delaySeconds: -5, message: 'm', reboot: false })).toEqual(['-h', '+0', 'm']);
  });
});

describe('shutdownWithMessage run', () => {
  it('execs /sbin/shutdown with argv0 shutdown', async () => {
    const run = fakeRunner();
    await shutdownWithMessage({ delaySeconds: 70, message: 'bye', reboot: false }, run);
    expect(run.calls).toEqual([{ file: '/sbin/shutdown', args: ['-h', '+2', 'bye'], argv0: 'shutdown' }]);
  });
});
