/**
 * The bundled daemon as a process: `-s` pointing at the simulator's
 * listening socket (connected to, like the reference does with a socket),
 * a fake session agent on `-S`, `-f -u FILE` for raw input events.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SpiceHost } from '@ga/spice-sim/host';
import type { SpiceHostListener } from '@ga/spice-sim/host';
import { CLIPBOARD, SpiceClient, UTF8_TEXT, XFER } from '@ga/spice-sim/client';
import { FakeAgent, hex } from '../src/daemon/test-harness.js';
import { encodeScreens } from '@ga/framing/udscs';
import { UDSCS } from '@ga/framing/udscs-protocol';
import { eventually, start } from './helpers/processes.js';
import type { Proc } from './helpers/processes.js';

const BUNDLE = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'spice-vdagentd.mjs');
const V1 = hex('01000000 1c000000 01000000 06000000 00000000 00000000 08000000 01000000 e78d0300');
const V9_RECORD = hex('00000000 00000000 00000000 00000000 0300 0000 64000000');

let dir: string;
let listener: SpiceHostListener;
let daemon: Proc;
let agents: FakeAgent[];
const events = () => join(dir, 'events');
const sessionSock = () => join(dir, 'vdagent.sock');

beforeEach(async () => {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run "npm run build" in apps/spice-vdagent first`);
  dir = mkdtempSync(join(tmpdir(), 'vdagentd-e2e-'));
  agents = [];
  listener = await SpiceHost.listen(join(dir, 'port.sock'));
  daemon = start(process.execPath, [BUNDLE, '-x', '-X', '-d', '-d', '-s', join(dir, 'port.sock'), '-S', sessionSock(), '-f', '-u', events()]);
});
afterEach(async () => {
  for (const a of agents) a.close();
  await daemon.stop();
  await listener.close();
  rmSync(dir, { recursive: true, force: true });
});

async function agent(): Promise<FakeAgent> {
  await eventually('the session socket', () => (existsSync(sessionSock()) ? true : undefined));
  const a = await FakeAgent.connect(sessionSock());
  agents.push(a);
  return a;
}

describe('spice-vdagentd process', () => {
  it('connects to a socket -s, announces V1 first, serves a session agent, and makes the session socket 0666', async () => {
    const host = await listener.accept();
    expect(await host.next()).toMatchObject({ port: 1, message: { name: 'ANNOUNCE_CAPABILITIES', fields: { request: 1, caps: [0x00038de7] } } });
    expect(Buffer.concat(host.raw).subarray(0, V1.length)).toEqual(V1);
    const a = await agent();
    expect((await a.next()).data.toString()).toBe('0.22.1\0');
    expect(statSync(sessionSock()).mode & 0o777).toBe(0o666);
  });

  it('client mouse with -f: V9 as raw input_event records, no session agent needed once monitors are configured', async () => {
    const client = new SpiceClient(await listener.accept());
    await client.handshake();
    expect(await client.monitorsConfig([{ width: 1024, height: 768 }, { width: 800, height: 600, x: 1024 }])).toBe(1);
    await client.mouse(100, 200, 0x02, 0);
    await client.mouse(10, 200, 0x02, 1);
    const bytes = await eventually('4 + 2 input events', () => {
      const b = existsSync(events()) ? readFileSync(events()) : Buffer.alloc(0);
      return b.length >= 6 * 24 ? b : undefined;
    });
    expect(bytes.subarray(0, 24)).toEqual(V9_RECORD);
    expect(bytes.readInt32LE(4 * 24 + 20)).toBe(1034);
  });

  it('relays clipboard and a file transfer between the simulator and a fake session agent', async () => {
    const client = new SpiceClient(await listener.accept());
    await client.handshake();
    const a = await agent();
    await a.next(); // VERSION
    a.send(UDSCS.GUEST_XORG_RESOLUTION, 1024, 768, encodeScreens([{ width: 1024, height: 768, x: 0, y: 0, display_id: 0 }]));
    a.send(UDSCS.CLIPBOARD_GRAB, CLIPBOARD, 0, hex('01000000'));
    expect(await client.guestGrab(CLIPBOARD)).toEqual([UTF8_TEXT]);
    const pasted = client.paste(CLIPBOARD);
    expect(await a.next()).toMatchObject({ type: UDSCS.CLIPBOARD_REQUEST, arg1: CLIPBOARD, arg2: UTF8_TEXT });
    a.send(UDSCS.CLIPBOARD_DATA, CLIPBOARD, UTF8_TEXT, Buffer.from('from the guest'));
    expect((await pasted).data.toString()).toBe('from the guest');
    const sent = client.sendFile('a.txt', Buffer.from('hello'));
    const startMsg = await a.next();
    expect(startMsg.type).toBe(UDSCS.FILE_XFER_START);
    const id = startMsg.data.readUInt32LE(0);
    a.send(UDSCS.FILE_XFER_STATUS, id, XFER.CAN_SEND_DATA);
    const data = await a.next();
    expect(data.type).toBe(UDSCS.FILE_XFER_DATA);
    expect(data.data.subarray(12).toString()).toBe('hello');
    a.send(UDSCS.FILE_XFER_STATUS, id, XFER.SUCCESS);
    expect((await sent).result).toBe(XFER.SUCCESS);
  });

  it('on SIGTERM releases what the guest owned, closes the port and exits 0', async () => {
    const client = new SpiceClient(await listener.accept());
    await client.handshake();
    const a = await agent();
    await a.next();
    a.send(UDSCS.CLIPBOARD_GRAB, CLIPBOARD, 0, hex('01000000'));
    await client.guestGrab(CLIPBOARD);
    expect(await daemon.stop('SIGTERM')).toBe(0);
    expect(await client.expect('CLIPBOARD_RELEASE')).toMatchObject({ message: { fields: { selection: 0 } } });
    await expect(client.next(5000)).rejects.toThrow(/closed the port/);
  });
});
