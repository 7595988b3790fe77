/**
 * Every VDSM command over a real socket, with the executor injected: the
 * exact calls the agent makes for lock, log-off, SSO login, shutdown,
 * reboot, hibernate, CPU count and lifecycle hooks.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { recordingActions, startInProcess, type InProcess } from './in-process.js';

let run: InProcess | undefined;
afterEach(async () => {
  await run?.stop();
  run = undefined;
});

describe('VDSM commands reach the executor with the exact arguments', () => {
  it('lock, log-off, login, shutdown, reboot, hibernate, set-number-of-cpus, lifecycle events', async () => {
    const actions = recordingActions();
    run = await startInProcess({ actions });
    const { host } = run;
    await host.waitFor(() => host.fullyUp(), 10000, 'Up at API 3');
    await host.desktopLock();
    await host.desktopLogoff();
    await host.desktopLogin('EXAMPLE', 'alice', 's3cret');
    await host.desktopShutdown(70, 'bye "now"', false);
    await host.desktopShutdown(30, 'rebooting', true);
    await host.sendHcCmdToDesktop('hibernate');
    await host.setNumberOfCPUs(2);
    expect(await host.lifecycleEvent('before_migration')).toMatchObject({ sent: true, replied: true });
    expect(await host.lifecycleEvent('after_migration', { failure: true })).toMatchObject({ sent: true, replied: false });
    expect(await host.lifecycleEvent('before_hibernation')).toMatchObject({ sent: true, replied: true });
    await host.sendHcCmdToDesktop('echo');
    await host.waitFor(() => host.model.messages.some((m) => m.name === 'echo'), 5000, 'echo');
    await run.agent.idle();
    expect(actions.calls).toEqual([
      { action: 'lockScreen', args: [] },
      { action: 'logOff', args: [] },
      { action: 'login', args: ['alice@EXAMPLE', 's3cret'] },
      { action: 'shutdown', args: [{ delaySeconds: 70, message: 'bye "now"', reboot: false }] },
      { action: 'shutdown', args: [{ delaySeconds: 30, message: 'rebooting', reboot: true }] },
      { action: 'hibernate', args: ['disk'] },
      { action: 'setCpuCount', args: [2] },
      { action: 'runHooks', args: ['before_migration'] },
      { action: 'runHooks', args: ['after_migration'] },
      { action: 'runHooks', args: ['before_hibernation'] },
    ]);
    expect(run.log.lines.join('\n')).not.toContain('s3cret');
    expect(host.model.guestInfo.guestCPUCount).toBe(2);
  }, 30000);

  it('a failing action is logged and the agent keeps serving', async () => {
    const actions = recordingActions({ lockScreen: async () => Promise.reject(new Error('no locker')) });
    run = await startInProcess({ actions });
    const { host } = run;
    await host.desktopLock();
    await host.sendHcCmdToDesktop('echo');
    await host.waitFor(() => host.model.messages.some((m) => m.name === 'echo'), 5000, 'echo');
    await run.agent.idle();
    expect(run.log.lines).toContain('error: lock-screen failed: no locker');
  }, 30000);

  it('a hook that hangs is cut off and completion still arrives before VDSM stops waiting', async () => {
    const actions = recordingActions({
      runHooks: async () => {
        // The real runner bounds each hook (hooks.timeout) and the whole event (hooks.budget < 10 s).
        await new Promise((r) => setTimeout(r, 300));
        return { missing: false, results: [{ name: '10_hang', path: '/x', exitCode: null, signal: 'SIGKILL', timedOut: true, output: '' }] };
      },
    });
    run = await startInProcess({ actions });
    const { host } = run;
    await host.waitFor(() => host.model.effectiveApiVersion === 3, 10000, 'API 3');
    expect(await host.lifecycleEvent('before_migration')).toMatchObject({ replied: true });
    expect(run.log.lines).toContain('warn: hook before_migration/10_hang: timed out');
  }, 30000);
});
