/**
 * Our session agent against a scripted daemon (udscs on a UNIX socket) under
 * Xvfb, for what the real daemons cannot be made to do on demand: the
 * GUEST_XORG_RESOLUTION it reports, a monitors config with the
 * PHYSICAL_SIZE array (Debian's daemon drops those, ours strips it),
 * recovery after the daemon goes away (resolution and guest-owned
 * selections re-announced), client disconnect, DISABLED file transfer,
 * and hostile input (oversized header, unknown type, short payloads).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeScreens, decodeTypes, encodeTypes } from '@ga/framing/udscs';
import { UDSCS } from '@ga/framing/udscs-protocol';
import { eventually, requireProgram, run, start, startXvfb } from '../helpers/processes.js';
import type { Proc } from '../helpers/processes.js';
import { FakeDaemon } from './fake-daemon.js';
import { xclipOwn, xclipRead } from './xclip.js';
import type { Owner } from './xclip.js';

const OUR_AGENT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'spice-vdagent.mjs');
const XFER_DISABLED = 7;

function monitorsConfig(monitors: { width: number; height: number; mm?: { width: number; height: number } }[]): Buffer {
  const withMm = monitors.some((m) => m.mm);
  const b = Buffer.alloc(8 + 20 * monitors.length + (withMm ? 4 * monitors.length : 0));
  b.writeUInt32LE(monitors.length, 0);
  b.writeUInt32LE(1 | (withMm ? 2 : 0), 4);
  monitors.forEach((m, i) => {
    b.writeUInt32LE(m.height, 8 + 20 * i);
    b.writeUInt32LE(m.width, 12 + 20 * i);
    b.writeUInt32LE(32, 16 + 20 * i);
    if (m.mm) {
      b.writeUInt16LE(m.mm.height, 8 + 20 * monitors.length + 4 * i);
      b.writeUInt16LE(m.mm.width, 10 + 20 * monitors.length + 4 * i);
    }
  });
  return b;
}

describe('our spice-vdagent with a scripted daemon', () => {
  let dir: string;
  let xvfb: { display: string; proc: Proc };
  let daemon: FakeDaemon;
  let agent: Proc;
  const owners: Owner[] = [];
  const sock = () => join(dir, 'vdagent.sock');

  beforeAll(async () => {
    if (!existsSync(OUR_AGENT)) throw new Error(`${OUR_AGENT} is missing: run "npm run build" in apps/spice-vdagent first`);
    requireProgram('/usr/bin/xclip', 'xclip');
    requireProgram('/usr/bin/xdpyinfo', 'x11-utils');
    dir = mkdtempSync(join(tmpdir(), 'vdagent-fake-'));
    xvfb = await startXvfb();
    daemon = await FakeDaemon.listen(sock());
    // -s must exist (the original exits quietly otherwise): the socket itself will do.
    agent = start(process.execPath, [OUR_AGENT, '-x', '-d', '-s', sock(), '-S', sock(), '-f', join(dir, 'no-such-dir'), '-o', '0'], { env: { DISPLAY: xvfb.display } });
  }, 30_000);

  afterAll(async () => {
    for (const o of owners) await o.stop();
    await agent?.stop();
    await daemon?.close();
    await xvfb?.proc.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reports the desktop on connect', async () => {
    const c = await daemon.connection(0);
    const r = await c.next(UDSCS.GUEST_XORG_RESOLUTION);
    expect([r.arg1, r.arg2]).toEqual([1024, 768]);
    expect(decodeScreens(r.data)).toEqual([{ width: 1024, height: 768, x: 0, y: 0, display_id: 0 }]);
  });

  it('applies a monitors config with PHYSICAL_SIZE, mm included, and re-reports', async () => {
    const c = await daemon.connection(0);
    c.send(UDSCS.MONITORS_CONFIG, 0, 0, monitorsConfig([{ width: 800, height: 600, mm: { width: 320, height: 240 } }]));
    const r = await eventually('an 800x600 report', async () => {
      const m = await c.next(UDSCS.GUEST_XORG_RESOLUTION);
      return m.arg1 === 800 ? m : undefined;
    });
    expect(decodeScreens(r.data)).toEqual([{ width: 800, height: 600, x: 0, y: 0, display_id: 0 }]);
    expect(run('/usr/bin/xdpyinfo', [], { DISPLAY: xvfb.display })).toMatch(/dimensions:\s+800x600 pixels \(320x240 millimeters\)/);
  });

  it('refuses file transfers when the save folder does not exist', async () => {
    const c = await daemon.connection(0);
    const start = Buffer.concat([Buffer.from([5, 0, 0, 0]), Buffer.from('[vdagent-file-xfer]\nname=a\nsize=1\n\0')]);
    c.send(UDSCS.FILE_XFER_START, 0, 0, start);
    const s = await c.next(UDSCS.FILE_XFER_STATUS);
    expect([s.arg1, s.arg2]).toEqual([5, XFER_DISABLED]);
  });

  it('serves a client grab to guest apps and answers a request it cannot serve with NONE', async () => {
    const c = await daemon.connection(0);
    c.send(UDSCS.CLIPBOARD_GRAB, 1, 0, encodeTypes([1]));
    const read = eventually('the guest PRIMARY', async () => (await xclipRead(xvfb.display, 'primary', 'UTF8_STRING', 5000)).toString());
    const req = await c.next(UDSCS.CLIPBOARD_REQUEST);
    expect([req.arg1, req.arg2]).toEqual([1, 1]);
    c.send(UDSCS.CLIPBOARD_DATA, 1, 1, Buffer.from('from the client'));
    expect(await read).toBe('from the client');
    c.send(UDSCS.CLIPBOARD_REQUEST, 0, 1);
    const d = await c.next(UDSCS.CLIPBOARD_DATA);
    expect([d.arg1, d.arg2, d.data.length]).toEqual([0, 0, 0]);
  });

  it('shrugs off an unknown type and short payloads', async () => {
    const c = await daemon.connection(0);
    c.send(99, 1, 2, Buffer.from('??'));
    c.send(UDSCS.FILE_XFER_DATA, 0, 0, Buffer.alloc(2));
    c.send(UDSCS.AUDIO_VOLUME_SYNC, 0, 0, Buffer.from([1, 0, 9]));
    c.send(UDSCS.MONITORS_CONFIG, 0, 0, Buffer.alloc(3));
    c.send(UDSCS.CLIPBOARD_GRAB, 7, 0, encodeTypes([1]));
    c.send(UDSCS.CLIPBOARD_REQUEST, 9, 1);
    const d = await c.next(UDSCS.CLIPBOARD_DATA);
    expect([d.arg1, d.arg2]).toEqual([9, 0]);
    expect(agent.child.exitCode).toBeNull();
  });

  it('a guest copy is grabbed; after the daemon goes away the agent reconnects and re-announces it', async () => {
    const c0 = await daemon.connection(0);
    owners.push(xclipOwn(xvfb.display, 'clipboard', Buffer.from('guest text')));
    const g = await eventually('a CLIPBOARD grab', async () => {
      const m = await c0.next(UDSCS.CLIPBOARD_GRAB);
      return m.arg1 === 0 ? m : undefined;
    });
    expect(decodeTypes(g.data)).toEqual([1]);
    c0.socket.destroy();
    const c1 = await daemon.connection(1);
    const r = await c1.next(UDSCS.GUEST_XORG_RESOLUTION);
    expect(r.arg1).toBe(800);
    const again = await c1.next(UDSCS.CLIPBOARD_GRAB);
    expect([again.arg1, ...decodeTypes(again.data)]).toEqual([0, 1]);
    c1.send(UDSCS.CLIPBOARD_REQUEST, 0, 1);
    const data = await c1.next(UDSCS.CLIPBOARD_DATA);
    expect([data.arg1, data.arg2, data.data.toString()]).toEqual([0, 1, 'guest text']);
  });

  it('client disconnected: a guest-owned selection is released', async () => {
    const c1 = await daemon.connection(1);
    c1.send(UDSCS.CLIENT_DISCONNECTED);
    const rel = await c1.next(UDSCS.CLIPBOARD_RELEASE);
    expect(rel.arg1).toBe(0);
  });

  it('a second agent on the same display steps aside', async () => {
    const second = start(process.execPath, [OUR_AGENT, '-x', '-s', sock(), '-S', sock()], { env: { DISPLAY: xvfb.display } });
    expect(await new Promise((resolve) => second.child.once('exit', (code) => resolve(code)))).toBe(0);
    expect(second.output()).toMatch(/another spice-vdagent already serves display/);
    expect(agent.child.exitCode).toBeNull();
  });

  it('an oversized header drops that connection, not the agent', async () => {
    const c1 = await daemon.connection(1);
    const head = Buffer.alloc(16);
    head.writeUInt32LE(UDSCS.CLIPBOARD_DATA, 0);
    head.writeUInt32LE(0xfffffff0, 12);
    c1.socket.write(head);
    await c1.closed();
    const c2 = await daemon.connection(2);
    await c2.next(UDSCS.GUEST_XORG_RESOLUTION);
    expect(agent.child.exitCode).toBeNull();
  });
});

describe('spice-vdagent without a SPICE port', () => {
  it('exits 0 quietly when -s does not exist, like the original', async () => {
    if (!existsSync(OUR_AGENT)) throw new Error(`${OUR_AGENT} is missing: run "npm run build" in apps/spice-vdagent first`);
    const p = start(process.execPath, [OUR_AGENT, '-x', '-s', '/nonexistent/port', '-S', '/nonexistent/sock']);
    expect(await new Promise((resolve) => p.child.once('exit', (code) => resolve(code)))).toBe(0);
  });
});
