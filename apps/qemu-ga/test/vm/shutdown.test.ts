/**
 * guest-shutdown powers the VM off for real (its own boot: nothing runs after).
 * The test image's /sbin/shutdown maps qemu-ga's `shutdown -P +0 "…"` to
 * busybox's poweroff; QEMU then exits.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bootAgentVm, BOOT_T, T, until, type AgentVm } from './vm-agent.js';
import { processAlive } from '@ga/host-kit/agent-process';

describe('guest-shutdown in a QEMU/TCG VM (one boot)', () => {
  let a: AgentVm;
  beforeAll(async () => {
    a = await bootAgentVm();
  }, BOOT_T);
  afterAll(async () => {
    await a?.vm.kill();
  }, T);

  it('powers the VM off: no reply, the kernel powers down and QEMU exits', async () => {
    expect(await a.vm.qmp('query-status')).toMatchObject({ status: 'running' });
    // success-response false: a reply would only come with an error. The
    // connection ends with QEMU, so write the request and watch the bytes.
    const after: Buffer[] = [];
    a.client.socket.on('data', (b: Buffer) => after.push(b));
    await a.client.executeRaw('{"execute":"guest-shutdown","arguments":{"mode":"powerdown"}}\n', { lines: 0 });
    await a.vm.waitForConsole(/reboot: Power down/, 120_000);
    await until(async () => !processAlive(a.vm.qemuPid), 120_000, `QEMU (pid ${a.vm.qemuPid}) to exit after the guest powered off`);
    expect(Buffer.concat(after).toString()).toBe('');
  }, T);
});
