/**
 * The recorded vectors of spice-vdagent.md §6 (Debian's spice-vdagentd
 * 0.22.1), byte for byte, against our daemon: port bytes on a mock port,
 * udscs bytes on the real session socket, a fake session agent, `-X`.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { UDSCS } from '@ga/framing/udscs-protocol';
import { encodeUdscs } from '@ga/framing/udscs';
import { FakeAgent, hex, startHarness } from './test-harness.js';
import type { Harness } from './test-harness.js';

const V1 = hex('01000000 1c000000 01000000 06000000 00000000 00000000 08000000 01000000 e78d0300');
const V2_IN = hex('01000000 1c000000 01000000 06000000 00000000 00000000 08000000 01000000 77500300');
const V2_OUT = hex('01000000 1c000000 01000000 06000000 00000000 00000000 08000000 00000000 e78d0300');
const V3 = hex('01000000 18000000 01000000 0e000000 00000000 00000000 04000000 00004006');
const V4_IN = hex('01000000 44000000 01000000 02000000 00000000 00000000 30000000 02000000 01000000 00030000 00040000 20000000 00000000 00000000 58020000 20030000 20000000 00040000 00000000');
const V4_OUT = hex('01000000 1c000000 01000000 03000000 00000000 00000000 08000000 02000000 01000000');
const V5_IN = hex('01000000 4c000000 01000000 02000000 00000000 00000000 38000000 02000000 03000000 00030000 00040000 20000000 00000000 00000000 58020000 20030000 20000000 00040000 00000000 be005401 96000e01');
const V6_IN = hex('01000000 20000000 01000000 07000000 00000000 00000000 0c000000 00000000 00000000 01000000');
const V6_OUT = hex('01000000 20000000 01000000 07000000 00000000 00000000 0c000000 00000000 01000000 01000000');
const V7_OUT = hex('01000000 20000000 01000000 07000000 00000000 00000000 0c000000 00000000 00000000 01000000');
const V8_IN = hex('01000000 20000000 01000000 07000000 00000000 00000000 0c000000 00000000 07000000 01000000');
const V9_IN = hex('02000000 21000000 01000000 01000000 00000000 00000000 0d000000 64000000 c8000000 02000000 00');
const V10_REQ_OUT = hex('01000000 1c000000 01000000 08000000 00000000 00000000 08000000 00000000 01000000');
const V10_DATA_IN = hex('01000000 21000000 01000000 04000000 00000000 00000000 0d000000 00000000 01000000 68656c6c 6f');
const V10_DATA_OUT = hex('01000000 29000000 01000000 04000000 00000000 00000000 15000000 00000000 01000000 68c3a96c 6c6f2077 c3b6726c 64');
const V11 = hex('02000000 14000000 01000000 0d000000 00000000 00000000 00000000');
const V12_START = hex('01000000 42000000 01000000 0a000000 00000000 00000000 2e000000 01000000 5b766461 67656e74 2d66696c 652d7866 65725d0a 6e616d65 3d746573 742e7478 740a7369 7a653d35 0a00');
const V12_CAN_SEND = hex('01000000 1c000000 01000000 0b000000 00000000 00000000 08000000 01000000 00000000');
const V12_DATA = hex('01000000 25000000 01000000 0c000000 00000000 00000000 11000000 01000000 05000000 00000000 68656c6c 6f');
const V12_SUCCESS = hex('01000000 1c000000 01000000 0b000000 00000000 00000000 08000000 01000000 03000000');
const V12_NO_SPACE = hex('01000000 24000000 01000000 0b000000 00000000 00000000 10000000 02000000 04000000 00100000 00000000');
const V13_ERROR = hex('01000000 1c000000 01000000 0b000000 00000000 00000000 08000000 03000000 02000000');
const V14_GRAB = hex('01000000 24000000 01000000 07000000 00000000 00000000 10000000 01000000 00000000 01000000 02000000');
const V14_RELEASE = hex('01000000 18000000 01000000 09000000 00000000 00000000 04000000 01000000');
const V15_A = hex('01000000 15000000 01000000 09000000 00000000 00000000 01000000 00');
const V15_B = hex('01000000 15000000 01000000 09000000 00000000 00000000 01000000 01');
const V17_PROTO = hex('01000000 1c000000 02000000 08000000 00000000 00000000 08000000 00000000 01000000');
const V18_WIN_CAPS = hex('01000000 1c000000 01000000 06000000 00000000 00000000 08000000 01000000 b7060000');
const V18_QEMU_CAPS = hex('01000000 1c000000 01000000 06000000 00000000 00000000 08000000 01000000 61000200');
const V18_GRAB = hex('01000000 18000000 01000000 07000000 00000000 00000000 04000000 01000000');
const V18_RELEASE = hex('01000000 14000000 01000000 09000000 00000000 00000000 00000000');
const V19_GDI = hex('02000000 36000000 01000000 10000000 00000000 00000000 22000000 01000000 00000000 00000000 00000000 0e000000 7063692f 30303030 2f30322e 3000');
const V19_AVS = hex('01000000 1b000000 01000000 0f000000 00000000 00000000 07000000 010002ff 7fff7f');
const V19_MAXCLIP = hex('01000000 18000000 01000000 0e000000 00000000 00000000 04000000 ffffffff');

const U_VERSION = hex('06000000 00000000 00000000 07000000 302e3232 2e3100');
const U_RESOLUTION = hex('00000000 20070000 00030000 28000000 00040000 00030000 00000000 00000000 00000000 20030000 58020000 00040000 00000000 01000000');
const U_GRAB_AFTER_V6 = hex('02000000 00000000 00000000 04000000 01000000');
const U_NO_SPACE = hex('09000000 02000000 04000000 08000000 00100000 00000000');

const udscs = (m: { type: number; arg1: number; arg2: number; data: Buffer }): Buffer => encodeUdscs(m.type, m.arg1, m.arg2, m.data);

let h: Harness;
let agent: FakeAgent;

/** A session agent that said hello like spice-vdagent does, and a client that did the caps exchange. */
async function connected(): Promise<void> {
  agent = await h.agent();
  expect(udscs(await agent.next())).toEqual(U_VERSION);
  agent.sendRaw(U_RESOLUTION);
  // A request before any client caps is refused locally: its answer shows the resolution was taken.
  agent.send(UDSCS.CLIPBOARD_REQUEST, 0, 1);
  expect(udscs(await agent.next())).toEqual(encodeUdscs(UDSCS.CLIPBOARD_DATA, 0, 0));
  h.host.write(V2_IN);
  expect(await h.hostBytes(V2_OUT.length)).toEqual(V2_OUT);
}

beforeEach(async () => {
  h = await startHarness();
  expect(await h.hostBytes(V1.length)).toEqual(V1);
});
afterEach(async () => {
  await h.stop();
});

describe('recorded vectors, host side', () => {
  it('V1/V2: announces 0x00038de7 with request=1 first, answers a request with request=0', async () => {
    h.host.write(V2_IN);
    expect(await h.hostBytes(V2_OUT.length)).toEqual(V2_OUT);
  });

  it('V3: MAX_CLIPBOARD gets no answer; V4: MONITORS_CONFIG gets REPLY(2, SUCCESS) and reaches the agent', async () => {
    await connected();
    h.host.write(Buffer.concat([V3, V4_IN]));
    expect(await h.hostBytes(V4_OUT.length)).toEqual(V4_OUT);
    const m = await agent.next();
    expect(udscs(m)).toEqual(encodeUdscs(UDSCS.MONITORS_CONFIG, 0, 0, V4_IN.subarray(28)));
  });

  it('V5: PHYSICAL_SIZE is accepted, answered like V4, and forwarded in the 8 + 20·n form the session agent takes', async () => {
    await connected();
    h.host.write(V5_IN);
    expect(await h.hostBytes(V4_OUT.length)).toEqual(V4_OUT);
    expect(udscs(await agent.next())).toEqual(encodeUdscs(UDSCS.MONITORS_CONFIG, 0, 0, V4_IN.subarray(28)));
  });

  it('a malformed MONITORS_CONFIG is answered with REPLY(2, ERROR)', async () => {
    const bad = hex('01000000 20000000 01000000 02000000 00000000 00000000 0c000000 02000000 01000000 00030000');
    h.host.write(bad);
    expect(await h.hostBytes(36)).toEqual(hex('01000000 1c000000 01000000 03000000 00000000 00000000 08000000 02000000 02000000'));
  });

  it('V6/V7/V8: grab serials: client grab accepted, guest grab carries 1, reset by a caps request, stale serial dropped', async () => {
    await connected();
    h.host.write(V6_IN);
    expect(udscs(await agent.next())).toEqual(U_GRAB_AFTER_V6);
    agent.sendRaw(U_GRAB_AFTER_V6);
    expect(await h.hostBytes(V6_OUT.length)).toEqual(V6_OUT);
    h.host.write(V2_IN);
    expect(await h.hostBytes(V2_OUT.length)).toEqual(V2_OUT);
    // A caps request means a new client: the session agent hears the old one is gone.
    expect(udscs(await agent.next())).toEqual(encodeUdscs(UDSCS.CLIENT_DISCONNECTED));
    agent.sendRaw(U_GRAB_AFTER_V6);
    expect(await h.hostBytes(V7_OUT.length)).toEqual(V7_OUT);
    // Serial is 1 now; 7 is stale and dropped: the agent's next message is the release after it.
    h.host.write(Buffer.concat([V8_IN, hex('01000000 18000000 01000000 09000000 00000000 00000000 04000000 00000000')]));
    expect(udscs(await agent.next())).toEqual(encodeUdscs(UDSCS.CLIPBOARD_RELEASE, 0, 0));
  });

  it('V9: MOUSE_STATE on port 2 -> ABS_X 100, ABS_Y 200, BTN_LEFT 1, SYN; display 1 is offset by 1024', async () => {
    await connected();
    h.host.write(V9_IN);
    h.host.write(hex('02000000 21000000 01000000 01000000 00000000 00000000 0d000000 0a000000 c8000000 02000000 01'));
    h.host.write(V4_IN);
    await h.hostBytes(V4_OUT.length);
    await agent.next();
    await h.daemon.stop();
    expect(h.pointers[0]).toBe('1824x768');
    expect(h.reports[0]).toEqual([
      { type: 3, code: 0, value: 100 },
      { type: 3, code: 1, value: 200 },
      { type: 1, code: 0x110, value: 1 },
      { type: 0, code: 0, value: 0 },
    ]);
    expect(h.reports[1]).toEqual([{ type: 3, code: 0, value: 1034 }, { type: 0, code: 0, value: 0 }]);
  });

  it('V10: guest request out, client data in, guest data out', async () => {
    await connected();
    agent.send(UDSCS.CLIPBOARD_REQUEST, 0, 1);
    expect(await h.hostBytes(V10_REQ_OUT.length)).toEqual(V10_REQ_OUT);
    h.host.write(V10_DATA_IN);
    expect(udscs(await agent.next())).toEqual(encodeUdscs(UDSCS.CLIPBOARD_DATA, 0, 1, Buffer.from('hello')));
    agent.send(UDSCS.CLIPBOARD_DATA, 0, 1, Buffer.from('héllo wörld'));
    expect(await h.hostBytes(V10_DATA_OUT.length)).toEqual(V10_DATA_OUT);
  });

  it('V11: CLIENT_DISCONNECTED on port 2 is passed to the session agent, nothing is written back', async () => {
    await connected();
    h.host.write(V11);
    expect(udscs(await agent.next())).toEqual(encodeUdscs(UDSCS.CLIENT_DISCONNECTED));
    h.host.write(V4_IN);
    expect(await h.hostBytes(V4_OUT.length)).toEqual(V4_OUT);
  });

  it('V12/V13: file transfer relay: start, can-send, data, success; not-enough-space with free bytes; a reused id is refused', async () => {
    await connected();
    h.host.write(V12_START);
    expect(udscs(await agent.next())).toEqual(encodeUdscs(UDSCS.FILE_XFER_START, 0, 0, V12_START.subarray(28)));
    agent.send(UDSCS.FILE_XFER_STATUS, 1, 0);
    expect(await h.hostBytes(V12_CAN_SEND.length)).toEqual(V12_CAN_SEND);
    h.host.write(V12_DATA);
    expect(udscs(await agent.next())).toEqual(encodeUdscs(UDSCS.FILE_XFER_DATA, 0, 0, V12_DATA.subarray(28)));
    agent.send(UDSCS.FILE_XFER_STATUS, 1, 3);
    expect(await h.hostBytes(V12_SUCCESS.length)).toEqual(V12_SUCCESS);
    h.host.write(Buffer.from(V12_START).fill(2, 28, 29));
    await agent.next();
    agent.sendRaw(U_NO_SPACE);
    expect(await h.hostBytes(V12_NO_SPACE.length)).toEqual(V12_NO_SPACE);
    const start3 = Buffer.from(V12_START).fill(3, 28, 29);
    h.host.write(start3);
    await agent.next();
    h.host.write(start3);
    expect(await h.hostBytes(V13_ERROR.length)).toEqual(V13_ERROR);
  });

  it('V14: guest grab of PRIMARY with UTF8 + PNG, serial 0, and a 4-byte release', async () => {
    await connected();
    agent.send(UDSCS.CLIPBOARD_GRAB, 1, 0, hex('01000000 02000000'));
    expect(await h.hostBytes(V14_GRAB.length)).toEqual(V14_GRAB);
    agent.send(UDSCS.CLIPBOARD_RELEASE, 1);
    expect(await h.hostBytes(V14_RELEASE.length)).toEqual(V14_RELEASE);
  });

  it('V15: the reference\'s 1-byte releases are accepted', async () => {
    await connected();
    h.host.write(Buffer.concat([V15_A, V15_B]));
    expect(udscs(await agent.next())).toEqual(encodeUdscs(UDSCS.CLIPBOARD_RELEASE, 0));
    expect(udscs(await agent.next())).toEqual(encodeUdscs(UDSCS.CLIPBOARD_RELEASE, 1));
  });

  it('V16: a 5000-byte clipboard in 2048/2048/932 chunks arrives whole; ours goes out in chunks of at most 2048', async () => {
    await connected();
    const text = Buffer.alloc(5000, 0x61);
    const msg = Buffer.concat([hex('01000000 04000000 00000000 00000000 90130000 00000000 01000000'), text]);
    const chunks = [msg.subarray(0, 2048), msg.subarray(2048, 4096), msg.subarray(4096)];
    for (const c of chunks) h.host.write(Buffer.concat([hex(`01000000 ${Buffer.from([c.length & 0xff, c.length >> 8, 0, 0]).toString('hex')}`), c]));
    const got = await agent.next();
    expect(got.type).toBe(UDSCS.CLIPBOARD_DATA);
    expect(got.data.equals(text)).toBe(true);
    agent.send(UDSCS.CLIPBOARD_DATA, 0, 1, text);
    const out = await h.hostBytes(3 * 8 + msg.length);
    const sizes: number[] = [];
    for (let off = 0; off < out.length; off += 8 + out.readUInt32LE(off + 4)) sizes.push(out.readUInt32LE(off + 4));
    expect(sizes).toEqual([2048, 2048, 932]);
    expect(Buffer.concat([out.subarray(8, 2056), out.subarray(2064, 4112), out.subarray(4120)]).equals(msg)).toBe(true);
  });

  it('V17: protocol 2 is ignored; an oversized chunk resets the stream and capabilities are announced again', async () => {
    h.host.write(V17_PROTO);
    h.host.write(hex('01000000 00100000'));
    expect(await h.hostBytes(V1.length)).toEqual(V1);
    h.host.write(V4_IN);
    expect(await h.hostBytes(V4_OUT.length)).toEqual(V4_OUT);
    expect(h.log.lines).toContain('warn: port stream reset: chunk size 4096 too large (max 2048)');
  });

  it('V18: Windows and qemu-vdagent caps; grab and release without selection block', async () => {
    agent = await h.agent();
    await agent.next();
    h.host.write(V18_WIN_CAPS);
    expect(await h.hostBytes(V2_OUT.length)).toEqual(V2_OUT);
    h.host.write(V18_QEMU_CAPS);
    expect(await h.hostBytes(V2_OUT.length)).toEqual(V2_OUT);
    expect(udscs(await agent.next())).toEqual(encodeUdscs(UDSCS.CLIENT_DISCONNECTED));
    // qemu-vdagent has selection and serial: reframe as Windows (neither).
    h.host.write(V18_WIN_CAPS);
    await h.hostBytes(V2_OUT.length);
    expect(udscs(await agent.next())).toEqual(encodeUdscs(UDSCS.CLIENT_DISCONNECTED));
    h.host.write(Buffer.concat([V18_GRAB, V18_RELEASE]));
    expect(udscs(await agent.next())).toEqual(encodeUdscs(UDSCS.CLIPBOARD_GRAB, 0, 0, hex('01000000')));
    expect(udscs(await agent.next())).toEqual(encodeUdscs(UDSCS.CLIPBOARD_RELEASE, 0));
    agent.send(UDSCS.CLIPBOARD_GRAB, 0, 0, hex('01000000'));
    expect(await h.hostBytes(V18_GRAB.length)).toEqual(V18_GRAB);
    // PRIMARY cannot be expressed without selection blocks: a request for it is refused locally.
    agent.send(UDSCS.CLIPBOARD_REQUEST, 1, 1);
    expect(udscs(await agent.next())).toEqual(encodeUdscs(UDSCS.CLIPBOARD_DATA, 1, 0));
  });

  it('V19: device info and volume are forwarded, max clipboard -1 accepted, a status with detail for an unknown id is dropped', async () => {
    await connected();
    h.host.write(V19_GDI);
    expect(udscs(await agent.next())).toEqual(encodeUdscs(UDSCS.GRAPHICS_DEVICE_INFO, 0, 0, V19_GDI.subarray(28)));
    h.host.write(V19_AVS);
    expect(udscs(await agent.next())).toEqual(encodeUdscs(UDSCS.AUDIO_VOLUME_SYNC, 0, 0, V19_AVS.subarray(28)));
    h.host.write(Buffer.concat([V19_MAXCLIP, hex('01000000 21000000 01000000 0b000000 00000000 00000000 0d000000 04000000 02000000 000a0000 00'), V4_IN]));
    expect(await h.hostBytes(V4_OUT.length)).toEqual(V4_OUT);
    expect(udscs(await agent.next()).readUInt32LE(0)).toBe(UDSCS.MONITORS_CONFIG);
  });
});
