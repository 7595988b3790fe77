import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Vm } from '../src/driver.js';
import { startInGuest, waitForGuestLog, type GuestProcess } from '../src/guest-process.js';
import { guestPortPath } from '../src/ports.js';
import { bootEchoVm, ECHO_AGENT, payload, Received } from './vm-fixture.js';

const T = 300_000;
const BOOT_T = 20 * 60_000;
const PORT = 'org.qemu.guest_agent.0';
const LATE_PORT = 'ovirt-guest-agent.0';

/**
 * Send a fresh token and wait for it to come back. Bytes from before the
 * reconnect may arrive first (virtio-serial's stream outlives host clients:
 * skipping them is the protocol's job, e.g. guest-sync), so only the token
 * counts.
 */
async function tokenEchoes(vm: Vm, socket: Socket): Promise<void> {
  const rx = new Received(socket);
  const token = Buffer.from(`TOKEN-${randomBytes(8).toString('hex')}\n`);
  socket.write(token);
  await rx.until((b) => b.includes(token), 60_000, `token ${token.toString().trim()} after reconnect`);
}

describe('host disconnects and reconnects; host connected before the guest (one VM boot)', () => {
  let vm: Vm;
  let echo: GuestProcess;
  // The boot may first wait for another package's VM (one at a time).
  beforeAll(async () => {
    vm = await bootEchoVm();
    echo = await startInGuest(vm, 'echo', `node ${ECHO_AGENT} --method virtio-serial --path ${guestPortPath(PORT)}`);
    await waitForGuestLog(vm, echo, /echo-agent ready/);
  }, BOOT_T);
  afterAll(async () => {
    await vm?.kill();
  }, T);

  it('a host that disconnects mid-stream and reconnects gets data flowing again', async () => {
    const first = await vm.connect(PORT);
    const rx = new Received(first);
    const data = payload(256 * 1024, 3);
    first.write(data);
    // Leave while the echo is still streaming back.
    await rx.until((b) => b.length >= 16 * 1024, 60_000, 'the first part of the echo');
    expect(rx.bytes.length).toBeLessThan(data.length);
    first.destroy();
    const second = await vm.connect(PORT);
    try {
      await tokenEchoes(vm, second);
    } finally {
      second.destroy();
    }
  }, T);

  it('two quick reconnects in a row, then data flows', async () => {
    (await vm.connect(PORT)).destroy();
    (await vm.connect(PORT)).destroy();
    const third = await vm.connect(PORT);
    try {
      await tokenEchoes(vm, third);
    } finally {
      third.destroy();
    }
    const log = await waitForGuestLog(vm, echo, /echo-agent ready/);
    expect(log).not.toMatch(/echo-agent (error|failed)/);
  }, T);

  it('bytes a host sends before the guest opens the port all arrive (virtio)', async () => {
    const socket = await vm.connect(LATE_PORT);
    const rx = new Received(socket);
    const data = payload(32 * 1024, 5);
    socket.write(data);
    // QEMU does not read the chardev while the guest port is closed, so the
    // bytes wait in the socket until the agent opens the port.
    const late = await startInGuest(vm, 'late-echo', `node ${ECHO_AGENT} --method virtio-serial --path ${guestPortPath(LATE_PORT)}`);
    try {
      const got = await rx.until((b) => b.length >= data.length, 120_000, 'echo of the bytes sent before the port opened');
      expect(got.length).toBe(data.length);
      expect(got.equals(data)).toBe(true);
      await waitForGuestLog(vm, late, /echo-agent ready/);
      // QEMU saw the guest open the port (what libvirt reports as "agent connected").
      expect(await vm.qmp('query-status')).toMatchObject({ status: 'running' });
      expect(vm.qmpEvents).toEqual(
        expect.arrayContaining([expect.objectContaining({ event: 'VSERPORT_CHANGE', data: { id: LATE_PORT, open: true } })]),
      );
    } finally {
      socket.destroy();
    }
  }, T);
});
