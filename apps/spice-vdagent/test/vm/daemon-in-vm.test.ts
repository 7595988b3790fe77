/**
 * Our bundled spice-vdagentd in the project's QEMU/TCG guest, on its real
 * virtio port /dev/virtio-ports/com.redhat.spice.0, with the host side played
 * by @ga/spice-sim on that port's chardev socket. The real kernel uinput
 * tablet takes the client mouse (its events read back from evdev); a fake
 * session agent, relayed by socat in the guest from the session socket to a
 * second virtio port, takes the clipboard and a file transfer. One boot; the
 * tests run in order and share it.
 *
 * Why a socket chardev and not QEMU's spicevmc: see README.md beside this file.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SpiceHost } from '@ga/spice-sim/host';
import { CLIPBOARD, SpiceClient, UTF8_TEXT, XFER } from '@ga/spice-sim/client';
import { encodeScreens } from '@ga/framing/udscs';
import { UDSCS } from '@ga/framing/udscs-protocol';
import { bootVm, type Vm } from '@ga/vm/driver';
import { readGuestLog, startInGuest, waitForGuestLog, type GuestProcess } from '@ga/vm/guest-process';
import { ensureImage } from '@ga/vm/image';
import { guestPortPath } from '@ga/vm/ports';
import { assertVmPrerequisites } from '@ga/vm/prereq';
import { FakeAgent, hex } from '../../src/daemon/test-harness.js';

const T = 300_000;
const BOOT_T = 20 * 60_000;
const DIST = fileURLToPath(new URL('../../dist', import.meta.url));
const SPICE_PORT = 'com.redhat.spice.0';
/** The port the guest's socat relays the fake session agent through. */
const AGENT_PORT = 'ovirt-guest-agent.0';
const SESSION_SOCK = '/run/spice-vdagentd/spice-vdagent-sock';
const V1 = hex('01000000 1c000000 01000000 06000000 00000000 00000000 08000000 01000000 e78d0300');

describe('spice-vdagentd in a QEMU/TCG VM on the real virtio port (one boot)', () => {
  let vm: Vm;
  let host: SpiceHost;
  let client: SpiceClient;
  let daemon: GuestProcess;
  const sh = async (script: string, timeoutMs?: number): Promise<string> => {
    const r = await vm.exec(script, timeoutMs);
    if (r.code !== 0) throw new Error(`guest script failed (${r.code}): ${script}\n${r.output}`);
    return r.output;
  };

  beforeAll(async () => {
    if (process.getuid?.() !== 0) throw new Error('the spice-vdagentd VM test must run as root (sudo npm run test:vm): it boots QEMU');
    assertVmPrerequisites();
    if (!existsSync(`${DIST}/spice-vdagentd.mjs`)) throw new Error(`${DIST}/spice-vdagentd.mjs is missing: run "npm run build" in apps/spice-vdagent first`);
    // uinput for the tablet, evdev to read its events back.
    const image = await ensureImage({ bundles: [DIST], modules: ['uinput', 'evdev'] });
    vm = await bootVm({ image });
    // The host side first: QEMU then holds nothing back and the daemon's first bytes reach us.
    host = await SpiceHost.connect(vm.socketPath(SPICE_PORT), { timeoutMs: 60_000 });
    client = new SpiceClient(host);
    daemon = await startInGuest(vm, 'vdagentd', `node /opt/spice-vdagent/spice-vdagentd.mjs -x -X -d -s ${guestPortPath(SPICE_PORT)}`);
  }, BOOT_T);
  afterAll(async () => {
    await host?.close().catch(() => undefined);
    await vm?.kill();
  }, T);

  it('opens the port and announces V1 first; answers a client with its caps', async () => {
    expect(await host.next()).toMatchObject({ port: 1, message: { name: 'ANNOUNCE_CAPABILITIES', fields: { request: 1 } } });
    expect(Buffer.concat(host.raw).subarray(0, V1.length)).toEqual(V1);
    expect(await client.handshake()).toEqual([0x00038de7]);
    expect(vm.qmpEvents).toContainEqual(expect.objectContaining({ event: 'VSERPORT_CHANGE', data: { id: SPICE_PORT, open: true } }));
  }, T);

  it('answers monitors-config with PHYSICAL_SIZE (REPLY success) and drives the real uinput tablet', async () => {
    expect(await client.monitorsConfig([{ width: 1024, height: 768, mm: { width: 270, height: 200 } }])).toBe(1);
    const devices = await waitForGuestLog(vm, daemon, /pointer device 1024x768/, 60_000).then(() => sh('cat /proc/bus/input/devices'));
    const block = devices.split('\n\n').find((b) => b.includes('N: Name="spice vdagent tablet"'));
    expect(block).toBeDefined();
    const event = /Handlers=.*\b(event\d+)/.exec(block!)?.[1];
    expect(event).toBeDefined();
    // Read exactly four events (ABS_X, ABS_Y, BTN_LEFT, SYN) off evdev; timestamps differ, the rest is V9's.
    await sh(`(head -c 96 /dev/input/${event} | od -An -v -tx1 > /run/ga/events.hex) > /dev/null 2>&1 &`);
    await sh('sleep 1');
    await client.mouse(100, 200, 0x02, 0);
    let dump = '';
    for (let i = 0; i < 100 && dump.replace(/\s+/g, '').length < 192; i++) dump = await sh('cat /run/ga/events.hex; sleep 0.2');
    const bytes = Buffer.from(dump.replace(/\s+/g, ''), 'hex');
    const records = [0, 1, 2, 3].map((i) => bytes.subarray(i * 24 + 16, i * 24 + 24).toString('hex'));
    expect(records).toEqual(['03000000' + '64000000', '03000100' + 'c8000000', '01001001' + '01000000', '00000000' + '00000000']);
  }, T);

  it('relays clipboard both ways and a file transfer with a session agent in the guest', async () => {
    const relay = await vm.connect(AGENT_PORT);
    const agent = FakeAgent.over(relay);
    /** The next udscs message of `type`; others (the stored monitors config, ...) are passed over. */
    const next = async (type: number) => {
      for (;;) {
        const m = await agent.next();
        if (m.type === type) return m;
      }
    };
    await startInGuest(vm, 'relay', `socat UNIX-CONNECT:${SESSION_SOCK} GOPEN:${guestPortPath(AGENT_PORT)}`);
    expect((await next(UDSCS.VERSION)).data.toString()).toBe('0.22.1\0');
    agent.send(UDSCS.GUEST_XORG_RESOLUTION, 1024, 768, encodeScreens([{ width: 1024, height: 768, x: 0, y: 0, display_id: 0 }]));
    // Guest copies, client pastes.
    agent.send(UDSCS.CLIPBOARD_GRAB, CLIPBOARD, 0, hex('01000000'));
    expect(await client.guestGrab(CLIPBOARD)).toEqual([UTF8_TEXT]);
    const pasted = client.paste(CLIPBOARD);
    expect(await next(UDSCS.CLIPBOARD_REQUEST)).toMatchObject({ arg1: CLIPBOARD, arg2: UTF8_TEXT });
    agent.send(UDSCS.CLIPBOARD_DATA, CLIPBOARD, UTF8_TEXT, Buffer.from('from the VM'));
    expect((await pasted).data.toString()).toBe('from the VM');
    // Client copies, guest pastes.
    await client.offer(CLIPBOARD, UTF8_TEXT, Buffer.from('from the host'));
    expect(await next(UDSCS.CLIPBOARD_GRAB)).toMatchObject({ arg1: CLIPBOARD });
    agent.send(UDSCS.CLIPBOARD_REQUEST, CLIPBOARD, UTF8_TEXT);
    expect(await next(UDSCS.CLIPBOARD_DATA)).toMatchObject({ arg2: UTF8_TEXT, data: Buffer.from('from the host') });
    // A file, 100 KiB (two FILE_XFER_DATA messages).
    const file = Buffer.alloc(100 * 1024, 0x5a);
    const sent = client.sendFile('vm.bin', file);
    const start = await next(UDSCS.FILE_XFER_START);
    const id = start.data.readUInt32LE(0);
    agent.send(UDSCS.FILE_XFER_STATUS, id, XFER.CAN_SEND_DATA);
    let got = 0;
    while (got < file.length) {
      const d = await next(UDSCS.FILE_XFER_DATA);
      got += d.data.length - 12;
    }
    agent.send(UDSCS.FILE_XFER_STATUS, id, XFER.SUCCESS);
    expect((await sent).result).toBe(XFER.SUCCESS);
    agent.close();
  }, T);

  it('on SIGTERM closes the port (QEMU reports it closed) and exits', async () => {
    const r = await vm.exec(`kill -TERM ${daemon.pid}; i=0; while [ -d /proc/${daemon.pid} ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done; [ ! -d /proc/${daemon.pid} ]`);
    if (r.code !== 0) throw new Error(`the daemon did not exit within 10 s of SIGTERM; its log:\n${await readGuestLog(vm, daemon)}`);
    for (let i = 0; i < 100 && !vm.qmpEvents.some((e) => e.event === 'VSERPORT_CHANGE' && e.data?.id === SPICE_PORT && e.data.open === false); i++) {
      await sh('sleep 0.1');
    }
    expect(vm.qmpEvents).toContainEqual(expect.objectContaining({ event: 'VSERPORT_CHANGE', data: { id: SPICE_PORT, open: false } }));
    expect(await readGuestLog(vm, daemon)).toMatch(/SIGTERM: stopping/);
  }, T);
});
