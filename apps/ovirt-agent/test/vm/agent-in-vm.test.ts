/**
 * The bundled ovirt-guest-agent in the project's QEMU/TCG guest on its real
 * virtio port /dev/virtio-ports/ovirt-guest-agent.0, found the way the
 * installed agent finds it (no --method), with the VDSM simulator on the
 * port's chardev socket: Up at API 3 with every field VDSM stores, and a
 * host disconnect/reconnect (VDSM restarting) after which the
 * agent starts over. One boot.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { VdsmHost } from '@ga/ovirt-sim/vdsm-host';
import { bootVm, type Vm } from '@ga/vm/driver';
import { startInGuest, waitForGuestLog, type GuestProcess } from '@ga/vm/guest-process';
import { ensureImage } from '@ga/vm/image';
import { assertVmPrerequisites } from '@ga/vm/prereq';

const T = 300_000;
const BOOT_T = 20 * 60_000;
const DIST = fileURLToPath(new URL('../../dist', import.meta.url));
const PORT = 'ovirt-guest-agent.0';
const FIELDS = ['guestName', 'guestOs', 'guestFQDN', 'netIfaces', 'guestIPs', 'appsList', 'disksUsage', 'guestTimezone', 'guestOsInfo', 'memUsage', 'memoryStats'];

describe('ovirt-guest-agent in a QEMU/TCG VM on the real virtio port (one boot)', () => {
  let vm: Vm;
  let agent: GuestProcess;

  beforeAll(async () => {
    if (process.getuid?.() !== 0) throw new Error('the ovirt-agent VM test must run as root (sudo npm run test:vm): it boots QEMU');
    assertVmPrerequisites();
    if (!existsSync(`${DIST}/ovirt-agent.mjs`)) throw new Error(`${DIST}/ovirt-agent.mjs is missing: run "npm run build" in apps/ovirt-agent first`);
    const image = await ensureImage({ bundles: [DIST] });
    vm = await bootVm({ image });
    // Fast heartbeats so API 3 is reached in seconds; the SSO socket where the guest can write.
    const conf = await vm.exec("printf '[general]\\nheart_beat_rate = 1\\n[credentials]\\nsocket = /run/ovirt-cred.sock\\n' > /run/ovirt-test.conf");
    expect(conf.code).toBe(0);
    agent = await startInGuest(vm, 'ovirt', 'node /opt/ovirt-agent/ovirt-agent.mjs -p /run/ovirt-guest-agent.pid --config /run/ovirt-test.conf -v');
    await waitForGuestLog(vm, agent, /listening on virtio-serial \/dev\/virtio-ports\/ovirt-guest-agent\.0/, 120_000);
  }, BOOT_T);
  afterAll(async () => {
    await vm?.kill();
  }, T);

  it('is marked Up at API 3 with every field VDSM stores filled', async () => {
    const host = await VdsmHost.connect(vm.socketPath(PORT));
    try {
      await host.waitFor(() => host.fullyUp() && host.model.guestInfo.guestCPUCount > 0, 120_000, 'Up at API 3');
      const info = host.model.getGuestInfo() as Record<string, unknown>;
      for (const k of FIELDS) expect(info[k]).toBeDefined();
      expect(host.model.effectiveApiVersion).toBe(3);
    } finally {
      await host.close();
    }
  }, T);

  it('after the host goes away and comes back, starts over: refresh burst, API 0 then 3', async () => {
    const host = await VdsmHost.connect(vm.socketPath(PORT));
    try {
      await host.waitFor(() => host.fullyUp(), 120_000, 'Up at API 3 again after the reconnect');
      expect(host.model.effectiveApiVersion).toBe(3);
    } finally {
      await host.close();
    }
    const pid = await vm.exec('cat /run/ovirt-guest-agent.pid');
    expect(pid.output.trim()).toMatch(/^\d+$/);
  }, T);
});
