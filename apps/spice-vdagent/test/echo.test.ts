import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { SpiceHost } from '@ga/spice-sim/host';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startListeningAgent } from '@ga/host-kit/agent-process';
import type { RunningAgent } from '@ga/host-kit/agent-process';

// Byte-exact vectors from spice-vdagent.md §6.
const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const V2_HOST_CAPS = hex('01000000 1c000000 01000000 06000000 00000000 00000000 08000000 01000000 77500300');
const V9_MOUSE_PORT2 = hex('02000000 21000000 01000000 01000000 00000000 00000000 0d000000 64000000 c8000000 02000000 00');
const V6_HOST_GRAB = hex('01000000 20000000 01000000 07000000 00000000 00000000 0c000000 00000000 00000000 01000000');
const V11_CLIENT_DISCONNECTED = hex('02000000 14000000 01000000 0d000000 00000000 00000000 00000000');
const V17_BAD_PROTOCOL = hex('01000000 1c000000 02000000 08000000 00000000 00000000 08000000 00000000 01000000');
const V18_GRAB_NO_SELECTION = hex('01000000 18000000 01000000 07000000 00000000 00000000 04000000 01000000');

const AGENT = {
  bundle: join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'spice-vdagent.mjs'),
  packageDir: 'apps/spice-vdagent',
  socketName: 'spice.sock',
};
let agent: RunningAgent;
let hosts: SpiceHost[] = [];
const connect = async () => {
  const h = await SpiceHost.connect(agent.socket, { timeoutMs: 8000, maxChunkSize: 2048 });
  hosts.push(h);
  return h;
};
const received = (h: SpiceHost) => Buffer.concat(h.raw);

beforeEach(async () => {
  agent = await startListeningAgent(AGENT, ['-d']);
});
afterEach(async () => {
  for (const h of hosts) await h.close();
  hosts = [];
  expect(await agent.stop()).toBe(0);
});

describe('spice-vdagentd echo over unix-listen', () => {
  it('echoes caps (V2), a port-2 mouse message (V9) and a selection-framed grab (V6) byte for byte, each on its port', async () => {
    const host = await connect();
    // announceCapabilities() writes exactly V2's bytes and makes the simulator frame/decode like spice-gtk.
    await host.announceCapabilities();
    await host.sendRaw(Buffer.concat([V9_MOUSE_PORT2, V6_HOST_GRAB, V11_CLIENT_DISCONNECTED]));
    const caps = await host.next();
    expect(caps).toMatchObject({ port: 1, message: { name: 'ANNOUNCE_CAPABILITIES', fields: { request: 1, caps: [0x00035077] } } });
    expect(await host.next()).toMatchObject({ port: 2, message: { name: 'MOUSE_STATE', fields: { x: 100, y: 200, buttons: 2, display_id: 0 } } });
    expect(await host.next()).toMatchObject({ port: 1, message: { name: 'CLIPBOARD_GRAB', fields: { selection: 0, serial: 0, types: [1] } } });
    expect(await host.next()).toMatchObject({ port: 2, message: { name: 'CLIENT_DISCONNECTED' } });
    expect(received(host).equals(Buffer.concat([V2_HOST_CAPS, V9_MOUSE_PORT2, V6_HOST_GRAB, V11_CLIENT_DISCONNECTED]))).toBe(true);
  }, 30000);

  it('reassembles a 5000-byte clipboard sent in 2048/2048/932 chunks (V16) and echoes it in the same chunks', async () => {
    const host = await connect();
    await host.announceCapabilities();
    await host.next();
    const text = Buffer.alloc(5000, 0x61);
    await host.send({ type: 'CLIPBOARD', fields: { selection: 0, type: 1, data: text } });
    const echoed = await host.next();
    expect(echoed.message.name).toBe('CLIPBOARD');
    expect((echoed.message.fields.data as Buffer).equals(text)).toBe(true);
    const raw = received(host).subarray(V2_HOST_CAPS.length);
    const sizes: number[] = [];
    for (let off = 0; off < raw.length; off += 8 + raw.readUInt32LE(off + 4)) sizes.push(raw.readUInt32LE(off + 4));
    expect(sizes).toEqual([2048, 2048, 932]);
    expect(raw.subarray(0, 36).equals(hex('01000000 00080000 01000000 04000000 00000000 00000000 90130000 00000000 01000000'))).toBe(true);
  }, 30000);

  it('drops invalid messages (V17 protocol 2) and resets on a bad chunk, then keeps echoing', async () => {
    const host = await connect();
    await host.sendRaw(Buffer.concat([V17_BAD_PROTOCOL, V18_GRAB_NO_SELECTION]));
    expect((await host.next()).bytes.equals(V18_GRAB_NO_SELECTION.subarray(8))).toBe(true);
    // A chunk over 2048 bytes: the agent resets its stream and drops what it holds.
    await host.sendRaw(hex('01000000 00100000'));
    expect(await agent.waitForStderr('port stream reset')).toContain('port stream reset: chunk size 4096 too large (max 2048)');
    await host.sendRaw(V9_MOUSE_PORT2);
    expect((await host.next()).bytes.equals(V9_MOUSE_PORT2.subarray(8))).toBe(true);
    expect(await agent.waitForStderr('dropped a message on port 1')).toContain('dropped a message on port 1: protocol 2 is not 1');
    expect(received(host).equals(Buffer.concat([V18_GRAB_NO_SELECTION, V9_MOUSE_PORT2]))).toBe(true);
  }, 30000);

  it('forgets negotiated framing when a new host connects', async () => {
    const first = await connect();
    await first.sendRaw(V2_HOST_CAPS);
    await first.next();
    await first.close();
    const second = await connect();
    // Without a caps exchange this grab has no selection block: 4 bytes of types.
    await second.sendRaw(V18_GRAB_NO_SELECTION);
    expect(await second.next()).toMatchObject({ message: { name: 'CLIPBOARD_GRAB', fields: { types: [1] } } });
    expect(received(second).equals(V18_GRAB_NO_SELECTION)).toBe(true);
  }, 30000);
});
