/**
 * The session socket as a privilege boundary (CVE-2020-25650..25653): peer
 * uid against the logind session, one agent per session, only the active
 * session's agent sees the clipboard, transfers bound to their agent, caps
 * on connections and message sizes.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { fakeSessions, loginSession } from '@ga/guest-os/testing/fake-sessions';
import type { FakeSessions } from '@ga/guest-os/testing/fake-sessions';
import { encodeUdscs } from '@ga/framing/udscs';
import { UDSCS } from '@ga/framing/udscs-protocol';
import { hex, startHarness } from './test-harness.js';
import type { FakeAgent, Harness } from './test-harness.js';

const V1_LEN = 36;
const V2_IN = hex('01000000 1c000000 01000000 06000000 00000000 00000000 08000000 01000000 77500300');
const V6_IN = hex('01000000 20000000 01000000 07000000 00000000 00000000 0c000000 00000000 00000000 01000000');
const V12_START = hex('01000000 42000000 01000000 0a000000 00000000 00000000 2e000000 01000000 5b766461 67656e74 2d66696c 652d7866 65725d0a 6e616d65 3d746573 742e7478 740a7369 7a653d35 0a00');
const status = (id: number, result: number) => {
  const b = hex('01000000 1c000000 01000000 0b000000 00000000 00000000 08000000 00000000 00000000');
  b.writeUInt32LE(id, 28);
  b.writeUInt32LE(result, 32);
  return b;
};

let h: Harness;
let s: FakeSessions;
afterEach(async () => {
  await h.stop();
});

/** Session 2 (uid 1000, active) and 3 (uid 1001); agents connect as the given pid/uid, in order. */
async function setup(peers: Array<{ pid: number; uid: number }>): Promise<void> {
  s = fakeSessions([loginSession({ id: '2', uid: 1000, active: true }), loginSession({ id: '3', uid: 1001 })]);
  s.setPidSession(100, '2');
  s.setPidSession(101, '2');
  s.setPidSession(200, '3');
  const queue = [...peers];
  h = await startHarness({ sessions: s, peerOf: () => queue.shift() });
  await h.hostBytes(V1_LEN);
  h.host.write(V2_IN);
  await h.hostBytes(V1_LEN);
}

const closedWithoutVersion = async (a: FakeAgent): Promise<void> => {
  await expect(a.next()).rejects.toThrow(/closed the session socket/);
};

describe('session checks', () => {
  it('refuses an agent whose uid is not the session owner, and a second agent for one session', async () => {
    await setup([{ pid: 100, uid: 1001 }, { pid: 100, uid: 1000 }, { pid: 101, uid: 1000 }]);
    await closedWithoutVersion(await h.agent());
    const good = await h.agent();
    expect((await good.next()).type).toBe(UDSCS.VERSION);
    await closedWithoutVersion(await h.agent());
    expect(h.log.lines.some((l) => l.includes('uid 1001 is not the session owner'))).toBe(true);
    expect(h.log.lines.some((l) => l.includes('an agent is already connected for session 2'))).toBe(true);
  });

  it('root may run the agent of any session; a pid in no session is refused', async () => {
    await setup([{ pid: 999, uid: 0 }, { pid: 200, uid: 0 }]);
    await closedWithoutVersion(await h.agent());
    expect((await (await h.agent()).next()).type).toBe(UDSCS.VERSION);
  });

  it('only the active session agent gets the clipboard; switching sessions moves it', async () => {
    await setup([{ pid: 100, uid: 1000 }, { pid: 200, uid: 1001 }]);
    const a2 = await h.agent();
    await a2.next();
    const a3 = await h.agent();
    await a3.next();
    a3.send(UDSCS.CLIPBOARD_REQUEST, 0, 1);
    expect(await a3.next()).toMatchObject({ type: UDSCS.CLIPBOARD_DATA, arg2: 0 });
    h.host.write(V6_IN);
    expect((await a2.next()).type).toBe(UDSCS.CLIPBOARD_GRAB);
    s.activate('3');
    // the serial moved to 1 with the accepted grab
    const regrab = Buffer.from(V6_IN);
    regrab.writeUInt32LE(1, 32);
    await new Promise((r) => setTimeout(r, 50));
    h.host.write(regrab);
    expect((await a3.next()).type).toBe(UDSCS.CLIPBOARD_GRAB);
  });

  it('a locked session refuses file transfers; a greeter session gets FILE_XFER_DISABLE', async () => {
    await setup([{ pid: 100, uid: 1000 }]);
    const a = await h.agent();
    await a.next();
    s.setLocked('2', true);
    await new Promise((r) => setTimeout(r, 50));
    h.host.write(V12_START);
    expect(await h.hostBytes(36)).toEqual(status(1, 5));
    a.close();
    s.add(loginSession({ id: '4', uid: 0, class: 'greeter' }));
    s.setPidSession(300, '4');
  });

  it('a transfer is answered only by the agent it was given to; its agent leaving cancels it', async () => {
    await setup([{ pid: 100, uid: 1000 }, { pid: 200, uid: 1001 }]);
    const a2 = await h.agent();
    await a2.next();
    const a3 = await h.agent();
    await a3.next();
    h.host.write(V12_START);
    expect((await a2.next()).type).toBe(UDSCS.FILE_XFER_START);
    a3.send(UDSCS.FILE_XFER_STATUS, 1, 3);
    a2.close();
    expect(await h.hostBytes(36)).toEqual(status(1, 1));
  });
});

describe('greeter', () => {
  it('an agent in a non-user session has file transfer disabled', async () => {
    s = fakeSessions([loginSession({ id: 'c1', uid: 115, class: 'greeter', active: true })]);
    s.setPidSession(50, 'c1');
    h = await startHarness({ sessions: s, peerOf: () => ({ pid: 50, uid: 115 }) });
    const a = await h.agent();
    expect((await a.next()).type).toBe(UDSCS.VERSION);
    expect((await a.next()).type).toBe(UDSCS.FILE_XFER_DISABLE);
  });
});

describe('limits', () => {
  it('drops an agent that sends a message over the size cap, and refuses connections over the cap', async () => {
    h = await startHarness({ maxConnections: 1, maxMessageSize: 1024 });
    const a = await h.agent();
    await a.next();
    const b = await h.agent();
    await closedWithoutVersion(b);
    a.sendRaw(encodeUdscs(UDSCS.CLIPBOARD_DATA, 0, 1, Buffer.alloc(2000)));
    await a.closed;
    expect(h.log.lines.some((l) => l.includes('exceeds 1024'))).toBe(true);
  });

  it('skips a host message over the reassembly cap without buffering it; the stream stays in sync', async () => {
    h = await startHarness({ maxHostMessageSize: 4096 });
    await h.hostBytes(V1_LEN);
    h.host.write(V2_IN);
    await h.hostBytes(V1_LEN);
    const a = await h.agent();
    await a.next();
    // V16's 5000-byte clipboard, in spice-gtk's 2048-byte chunks, then a small one.
    const big = Buffer.concat([hex('01000000 04000000 00000000 00000000 90130000 00000000 01000000'), Buffer.alloc(5000, 0x61)]);
    for (let off = 0; off < big.length; off += 2048) {
      const piece = big.subarray(off, off + 2048);
      const head = Buffer.alloc(8);
      head.writeUInt32LE(1, 0);
      head.writeUInt32LE(piece.length, 4);
      h.host.write(Buffer.concat([head, piece]));
    }
    h.host.write(hex('01000000 21000000 01000000 04000000 00000000 00000000 0d000000 00000000 01000000 68656c6c 6f'));
    expect(await a.next()).toMatchObject({ type: UDSCS.CLIPBOARD_DATA, arg2: 1, data: Buffer.from('hello') });
    expect(h.log.lines.some((l) => l.includes('exceeds the 4096-byte limit'))).toBe(true);
  });

  it('with -X a second agent disables both (no information leak) until one leaves', async () => {
    h = await startHarness();
    await h.hostBytes(V1_LEN);
    h.host.write(V2_IN);
    await h.hostBytes(V1_LEN);
    const a = await h.agent();
    await a.next();
    const b = await h.agent();
    await b.next();
    a.send(UDSCS.CLIPBOARD_REQUEST, 0, 1);
    expect(await a.next()).toMatchObject({ type: UDSCS.CLIPBOARD_DATA, arg2: 0 });
    b.close();
    await b.closed;
    await new Promise((r) => setTimeout(r, 50));
    a.send(UDSCS.CLIPBOARD_REQUEST, 0, 1);
    expect(await h.hostBytes(36)).toEqual(hex('01000000 1c000000 01000000 08000000 00000000 00000000 08000000 00000000 01000000'));
  });
});
