/**
 * Our session agent (dist/spice-vdagent.mjs) under Xvfb with each daemon —
 * ours and Debian's real spice-vdagentd 0.22.1 — driven by the host
 * simulator on the port socket, xclip playing the other X client:
 * text and a PNG both ways on CLIPBOARD and PRIMARY, 3 MB both ways (INCR
 * in both directions on the X side), a file transfer, resizes through RandR
 * read back with xdpyinfo and xrandr. With the Debian agent the other two
 * pairings are in ../real-session-agent.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SpiceHost } from '@ga/spice-sim/host';
import type { SpiceHostListener } from '@ga/spice-sim/host';
import { CLIPBOARD, PRIMARY, SpiceClient, UTF8_TEXT, XFER } from '@ga/spice-sim/client';
import { eventually, requireProgram, run, start, startXvfb } from '../helpers/processes.js';
import type { Proc } from '../helpers/processes.js';
import { xclipOwn, xclipRead } from './xclip.js';
import type { Owner, SelectionName } from './xclip.js';
import { noisePng } from './png.js';

const DIST = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist');
const OUR_DAEMON = join(DIST, 'spice-vdagentd.mjs');
const OUR_AGENT = join(DIST, 'spice-vdagent.mjs');
const DEBIAN_DAEMON = '/usr/sbin/spice-vdagentd';
const IMAGE_PNG = 2;

const DAEMONS = [
  { name: 'our spice-vdagentd', command: (args: string[]): [string, string[]] => [process.execPath, [OUR_DAEMON, ...args]], physicalSize: true },
  { name: "Debian's spice-vdagentd", command: (args: string[]): [string, string[]] => [DEBIAN_DAEMON, args], physicalSize: false },
];

function bigText(bytes: number): Buffer {
  const line = 'the quick brown fox jumps over the lazy dog — ünïcödé 0123456789\n';
  return Buffer.from(line.repeat(Math.ceil(bytes / Buffer.byteLength(line)))).subarray(0, bytes);
}

describe.each(DAEMONS)('our spice-vdagent with $name', (d) => {
  let dir: string;
  let xvfb: { display: string; proc: Proc };
  let listener: SpiceHostListener;
  let daemon: Proc;
  let agent: Proc;
  let client: SpiceClient;
  const owners: Owner[] = [];
  const saveDir = () => join(dir, 'saved');
  const own = (sel: SelectionName, data: Buffer, target?: string) => {
    const o = xclipOwn(xvfb.display, sel, data, target);
    owners.push(o);
    return o;
  };
  const x = (cmd: string, args: string[] = []) => run(cmd, args, { DISPLAY: xvfb.display });

  beforeAll(async () => {
    for (const p of [OUR_DAEMON, OUR_AGENT]) if (!existsSync(p)) throw new Error(`${p} is missing: run "npm run build" in apps/spice-vdagent first`);
    requireProgram(DEBIAN_DAEMON, 'spice-vdagent');
    requireProgram('/usr/bin/xclip', 'xclip');
    requireProgram('/usr/bin/xdpyinfo', 'x11-utils');
    requireProgram('/usr/bin/xrandr', 'x11-xserver-utils');
    dir = mkdtempSync(join(tmpdir(), 'vdagent-pair-'));
    mkdirSync(saveDir());
    xvfb = await startXvfb();
    const portSock = join(dir, 'port.sock');
    const sessionSock = join(dir, 'vdagent.sock');
    listener = await SpiceHost.listen(portSock, { timeoutMs: 20_000 });
    writeFileSync(join(dir, 'events'), '');
    const [cmd, args] = d.command(['-x', '-X', '-d', '-s', portSock, '-S', sessionSock, '-f', '-u', join(dir, 'events')]);
    daemon = start(cmd, args);
    await eventually('the session socket', () => (existsSync(sessionSock) ? true : undefined), 15_000);
    agent = start(process.execPath, [OUR_AGENT, '-x', '-d', '-s', portSock, '-S', sessionSock, '-f', saveDir(), '-o', '0'], { env: { DISPLAY: xvfb.display } });
    await agent.waitFor('received version 0.22.1', 15_000);
    client = new SpiceClient(await listener.accept(15_000));
    await client.handshake();
    await client.maxClipboard(-1);
  }, 60_000);

  afterAll(async () => {
    for (const o of owners) await o.stop();
    await agent?.stop();
    await daemon?.stop();
    await client?.host.close();
    await listener?.close();
    await xvfb?.proc.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const guestToClient = async (sel: number, name: SelectionName, data: Buffer, type: number, target: string) => {
    own(name, data, target);
    expect(await client.guestGrab(sel, 20_000)).toContain(type);
    const got = await client.paste(sel, type, 30_000);
    expect(got.type).toBe(type);
    expect(got.data.length).toBe(data.length);
    expect(got.data.equals(data)).toBe(true);
  };

  const clientToGuest = async (name: SelectionName, sel: number, data: Buffer, type: number, target: string) => {
    await client.offer(sel, type, data);
    const got = await eventually(`the guest's ${name} holding the client's ${target}`, async () => {
      const v = await xclipRead(xvfb.display, name, target, 30_000);
      return v.equals(data) ? v : undefined;
    }, 30_000);
    expect(got.length).toBe(data.length);
  };

  it('text copied in the guest arrives at the client, CLIPBOARD and PRIMARY', async () => {
    for (const [sel, name] of [[CLIPBOARD, 'clipboard'], [PRIMARY, 'primary']] as const) {
      await guestToClient(sel, name, Buffer.from(`copied in the guest on ${name} ✓`), UTF8_TEXT, 'UTF8_STRING');
    }
  }, 60_000);

  it('text copied on the client arrives in the guest, CLIPBOARD and PRIMARY', async () => {
    for (const [sel, name] of [[CLIPBOARD, 'clipboard'], [PRIMARY, 'primary']] as const) {
      await clientToGuest(name, sel, Buffer.from(`copied on the client into ${name} ✓`), UTF8_TEXT, 'UTF8_STRING');
    }
  }, 60_000);

  it('a PNG both ways, byte for byte', async () => {
    const png = noisePng(64, 48, 7);
    await guestToClient(CLIPBOARD, 'clipboard', png, IMAGE_PNG, 'image/png');
    await clientToGuest('clipboard', CLIPBOARD, noisePng(32, 32, 9), IMAGE_PNG, 'image/png');
  }, 60_000);

  it('3 MB both ways (INCR on the X side), CLIPBOARD and PRIMARY', async () => {
    const from = agent.output().length;
    await guestToClient(CLIPBOARD, 'clipboard', bigText(3_000_000), UTF8_TEXT, 'UTF8_STRING');
    await clientToGuest('primary', PRIMARY, bigText(3_000_001), UTF8_TEXT, 'UTF8_STRING');
    await guestToClient(PRIMARY, 'primary', noisePng(700, 500, 3), IMAGE_PNG, 'image/png');
    await clientToGuest('clipboard', CLIPBOARD, bigText(2_500_000), UTF8_TEXT, 'UTF8_STRING');
    const log = agent.output().slice(from);
    expect(log).toMatch(/sel 0: read 3000000 bytes of type 1 from the guest owner \(INCR\)/);
    expect(log).toMatch(/sel 1: 3000001 bytes to a guest app \(INCR\)/);
    expect(log).toMatch(/sel 0: 2500000 bytes to a guest app \(INCR\)/);
  }, 120_000);

  it('a file transfer lands in the save directory', async () => {
    const data = Buffer.alloc(300_000);
    for (let i = 0; i < data.length; i++) data[i] = (i * 13) & 0xff;
    const r = await client.sendFile('../transfer test.bin', data, 15_000);
    expect(r.result).toBe(XFER.SUCCESS);
    expect(readFileSync(join(saveDir(), 'transfer test.bin')).equals(data)).toBe(true);
  }, 60_000);

  it('a resize through RandR, read back with xdpyinfo and xrandr', async () => {
    expect(await client.monitorsConfig([{ width: 800, height: 600 }])).toBe(1);
    await eventually('the screen at 800x600', () => (/dimensions:\s+800x600 pixels/.test(x('/usr/bin/xdpyinfo')) ? true : undefined), 15_000);
    expect(x('/usr/bin/xrandr')).toMatch(/connected 800x600\+0\+0/);
    const mm = { width: 300, height: 225 };
    expect(await client.monitorsConfig([{ width: 1024, height: 768, ...(d.physicalSize ? { mm } : {}) }])).toBe(1);
    await eventually('the screen back at 1024x768', () => (/dimensions:\s+1024x768 pixels/.test(x('/usr/bin/xdpyinfo')) ? true : undefined), 15_000);
    expect(x('/usr/bin/xrandr')).toMatch(/connected 1024x768\+0\+0/);
  }, 60_000);
});
