/**
 * Our daemon with Debian's real session agent (spice-vdagent 0.22.1) under
 * Xvfb, driven by the host simulator on the port socket: clipboard both ways
 * on CLIPBOARD and PRIMARY, a file transfer, a resize (with and without
 * spice-gtk's PHYSICAL_SIZE). The X selections are set and read with xclip.
 * The same scenario runs against Debian's own spice-vdagentd, except the
 * PHYSICAL_SIZE resize that it drops without a reply (its bug, V5).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SpiceHost } from '@ga/spice-sim/host';
import type { SpiceHostListener } from '@ga/spice-sim/host';
import { CLIPBOARD, PRIMARY, SpiceClient, UTF8_TEXT, XFER } from '@ga/spice-sim/client';
import { eventually, requireProgram, run, runAsync, start, startXvfb } from './helpers/processes.js';
import type { Proc } from './helpers/processes.js';

const BUNDLE = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'spice-vdagentd.mjs');
const DEBIAN_DAEMON = '/usr/sbin/spice-vdagentd';

interface Daemon {
  name: string;
  command: (args: string[]) => [string, string[]];
  physicalSize: boolean;
}
const DAEMONS: Daemon[] = [
  { name: 'our spice-vdagentd', command: (args) => [process.execPath, [BUNDLE, ...args]], physicalSize: true },
  { name: "Debian's spice-vdagentd", command: (args) => [DEBIAN_DAEMON, args], physicalSize: false },
];
const SESSION_AGENT = '/usr/bin/spice-vdagent';

describe.each(DAEMONS)('$name', (d) => {
  let dir: string;
  let xvfb: { display: string; proc: Proc };
  let listener: SpiceHostListener;
  let daemon: Proc;
  let agent: Proc;
  let client: SpiceClient;
  const xclips: Proc[] = [];
  const saveDir = () => join(dir, 'saved');

  const xclipSet = async (selection: 'clipboard' | 'primary', text: string): Promise<void> => {
    // -quiet keeps xclip in the foreground serving the selection, so it is stopped by its pid.
    const p = start('/usr/bin/xclip', ['-quiet', '-selection', selection, '-i'], { env: { DISPLAY: xvfb.display }, input: text });
    xclips.push(p);
  };
  const xclipGet = (selection: 'clipboard' | 'primary'): Promise<string> => runAsync('/usr/bin/xclip', ['-selection', selection, '-o'], { DISPLAY: xvfb.display }, 5000);
  const screenSize = (): string => /dimensions:\s+(\d+x\d+) pixels/.exec(run('/usr/bin/xdpyinfo', [], { DISPLAY: xvfb.display }))?.[1] ?? '';

  beforeAll(async () => {
    requireProgram(SESSION_AGENT, 'spice-vdagent');
    requireProgram('/usr/bin/xclip', 'xclip');
    requireProgram('/usr/bin/xdpyinfo', 'x11-utils');
    if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run "npm run build" in apps/spice-vdagent first`);
    requireProgram(DEBIAN_DAEMON, 'spice-vdagent');
    dir = mkdtempSync(join(tmpdir(), 'vdagentd-real-'));
    mkdirSync(saveDir());
    xvfb = await startXvfb();
    const portSock = join(dir, 'port.sock');
    const sessionSock = join(dir, 'vdagent.sock');
    listener = await SpiceHost.listen(portSock, { timeoutMs: 15_000 });
    // The reference opens -u write-only without creating it.
    writeFileSync(join(dir, 'events'), '');
    const [cmd, args] = d.command(['-x', '-X', '-d', '-s', portSock, '-S', sessionSock, '-f', '-u', join(dir, 'events')]);
    daemon = start(cmd, args);
    await eventually('the session socket', () => (existsSync(sessionSock) ? true : undefined), 15_000);
    agent = start(SESSION_AGENT, ['-x', '-d', '-s', portSock, '-S', sessionSock, '-f', saveDir(), '-o', '0'], { env: { DISPLAY: xvfb.display } });
    await agent.waitFor('received version', 15_000);
    // Debian's daemon opens the port only now, once the session agent told it the resolution.
    client = new SpiceClient(await listener.accept(15_000));
    await client.handshake();
    await client.maxClipboard(-1);
  }, 60_000);

  afterAll(async () => {
    for (const p of xclips) await p.stop();
    await agent?.stop();
    await daemon?.stop();
    await client?.host.close();
    await listener?.close();
    await xvfb?.proc.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  describe("with Debian's spice-vdagent under Xvfb", () => {
    it('guest -> client on CLIPBOARD and PRIMARY', async () => {
      for (const [sel, name] of [[CLIPBOARD, 'clipboard'], [PRIMARY, 'primary']] as const) {
        const text = `copied in the guest on ${name} ✓`;
        await xclipSet(name, text);
        expect(await client.guestGrab(sel, 15_000)).toContain(UTF8_TEXT);
        const got = await client.paste(sel, UTF8_TEXT, 15_000);
        expect(got.type).toBe(UTF8_TEXT);
        expect(got.data.toString('utf8')).toBe(text);
      }
    }, 60_000);

    it('client -> guest on CLIPBOARD and PRIMARY', async () => {
      for (const [sel, name] of [[CLIPBOARD, 'clipboard'], [PRIMARY, 'primary']] as const) {
        const text = `copied on the client into ${name} ✓`;
        await client.offer(sel, UTF8_TEXT, Buffer.from(text));
        expect(await eventually(`the guest's ${name} holding the client's text`, async () => {
          const v = await xclipGet(name);
          return v === text ? v : undefined;
        }, 15_000)).toBe(text);
      }
    }, 60_000);

    it('a file transfer lands in the save directory', async () => {
      const data = Buffer.alloc(200_000);
      for (let i = 0; i < data.length; i++) data[i] = (i * 7) & 0xff;
      const r = await client.sendFile('transfer test.bin', data, 15_000);
      expect(r.result).toBe(XFER.SUCCESS);
      expect(readFileSync(join(saveDir(), 'transfer test.bin')).equals(data)).toBe(true);
    }, 60_000);

    it('a resize: MONITORS_CONFIG is applied by the agent (ours: also with PHYSICAL_SIZE), each answered with REPLY(SUCCESS)', async () => {
      const before = agent.output().length;
      expect(await client.monitorsConfig([{ width: 800, height: 600 }])).toBe(1);
      await agent.waitFor('display_id=0 - 800x600+0+0', 15_000, before);
      expect(screenSize()).toBe('800x600');
      const mid = agent.output().length;
      const mm = { width: 270, height: 203 };
      expect(await client.monitorsConfig([{ width: 1024, height: 768, ...(d.physicalSize ? { mm } : {}) }])).toBe(1);
      await agent.waitFor('display_id=0 - 1024x768+0+0', 15_000, mid);
      expect(screenSize()).toBe('1024x768');
    }, 60_000);
  });
});
