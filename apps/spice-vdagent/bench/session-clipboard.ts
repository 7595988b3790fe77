/**
 * Session agents side by side: ours (dist/spice-vdagent.mjs) and Debian's
 * /usr/bin/spice-vdagent 0.22.1, each with our daemon (dist/spice-vdagentd.mjs)
 * and the host simulator, under one Xvfb, xclip as the guest app. Measured,
 * rounds alternating who goes first:
 *  - paste latency: a short text copied in the guest, pasted by the client
 *    (CLIPBOARD_REQUEST → CLIPBOARD), median ms;
 *  - guest → client MB/s for 1 MiB and 16 MiB (the paste's round trip);
 *  - client → guest MB/s for 1 MiB and 16 MiB (an xclip -o in the guest,
 *    same process start cost for both agents).
 * Prints a table with ours/Debian ratios; never fails. GA_BENCH_SHORT=1: fewer rounds.
 * Run: node bench/session-run.mjs (after npm run build).
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SpiceHost } from '@ga/spice-sim/host';
import { CLIPBOARD, SpiceClient, UTF8_TEXT } from '@ga/spice-sim/client';
import { start, startXvfb } from '../test/helpers/processes.js';
import type { Proc } from '../test/helpers/processes.js';
import { xclipOwn, xclipRead } from '../test/session/xclip.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const DIST = join(HERE, '..', 'dist');
const SHORT = process.env.GA_BENCH_SHORT === '1';
const ROUNDS = SHORT ? 2 : 5;
const PASTES = SHORT ? 10 : 30;
const MiB = 1 << 20;
const AGENTS = {
  ours: (args: string[]): [string, string[]] => [process.execPath, [join(DIST, 'spice-vdagent.mjs'), ...args]],
  debian: (args: string[]): [string, string[]] => ['/usr/bin/spice-vdagent', args],
};
type Kind = keyof typeof AGENTS;
const log = (s: string) => process.stderr.write(`[bench session] ${s}\n`);

const samples: Record<string, Record<Kind, number[]>> = {};
const add = (metric: string, kind: Kind, v: number) => ((samples[metric] ??= { ours: [], debian: [] })[kind].push(v));
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

function text(bytes: number): Buffer {
  const b = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) b[i] = 0x20 + (i % 95);
  return b;
}

async function session(kind: Kind, display: string, fn: (client: SpiceClient) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-session-'));
  const port = join(dir, 'port.sock');
  const sock = join(dir, 'vdagent.sock');
  writeFileSync(join(dir, 'events'), '');
  const procs: Proc[] = [];
  const listener = await SpiceHost.listen(port, { timeoutMs: 60_000 });
  try {
    procs.push(start(process.execPath, [join(DIST, 'spice-vdagentd.mjs'), '-x', '-X', '-d', '-s', port, '-S', sock, '-f', '-u', join(dir, 'events')]));
    for (const deadline = Date.now() + 15_000; !existsSync(sock); await new Promise((r) => setTimeout(r, 25))) if (Date.now() > deadline) throw new Error('no daemon socket');
    const [cmd, args] = AGENTS[kind](['-x', '-d', '-s', port, '-S', sock, '-o', '0', '-f', dir]);
    const agent = start(cmd, args, { env: { DISPLAY: display } });
    procs.push(agent);
    // Our daemon opens the port before any agent: wait for the agent itself, not just the handshake.
    await agent.waitFor(/received version/, 15_000);
    const client = new SpiceClient(await listener.accept(15_000));
    await client.handshake();
    await client.maxClipboard(-1);
    await fn(client);
    await client.host.close();
  } catch (err) {
    for (const p of procs) log(`${p.child.spawnfile} printed:\n${p.output().slice(-3000)}`);
    throw err;
  } finally {
    for (const p of procs.reverse()) await p.stop();
    await listener.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function guestToClient(display: string, client: SpiceClient, data: Buffer): Promise<number> {
  const owner = xclipOwn(display, 'clipboard', data);
  try {
    await client.guestGrab(CLIPBOARD, 30_000);
    const t = process.hrtime.bigint();
    const got = await client.paste(CLIPBOARD, UTF8_TEXT, 60_000);
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    if (got.data.length !== data.length) throw new Error(`pasted ${got.data.length} of ${data.length} bytes`);
    return ms;
  } finally {
    await owner.stop();
  }
}

async function clientToGuest(display: string, client: SpiceClient, data: Buffer): Promise<number> {
  await client.offer(CLIPBOARD, UTF8_TEXT, data);
  // Let the grab reach the guest before timing the paste.
  for (let i = 0; i < 100; i++) {
    const probe = await xclipRead(display, 'clipboard', 'TARGETS', 5000).catch(() => Buffer.alloc(0));
    if (probe.includes('UTF8_STRING')) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const t = process.hrtime.bigint();
  const got = await xclipRead(display, 'clipboard', 'UTF8_STRING', 60_000);
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (got.length !== data.length) throw new Error(`guest read ${got.length} of ${data.length} bytes`);
  return ms;
}

async function main(): Promise<void> {
  const missing = [join(DIST, 'spice-vdagent.mjs'), join(DIST, 'spice-vdagentd.mjs'), '/usr/bin/spice-vdagent', '/usr/bin/xclip', '/usr/bin/Xvfb'].filter((p) => !existsSync(p));
  if (missing.length > 0) {
    console.log(`session bench not run: missing ${missing.join(', ')} (npm run build; apt-get install -y --no-install-recommends spice-vdagent xclip xvfb)`);
    return;
  }
  const xvfb = await startXvfb();
  const sizes = [1 * MiB, 16 * MiB];
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      const order: Kind[] = round % 2 ? ['debian', 'ours'] : ['ours', 'debian'];
      for (const kind of order) {
        log(`round ${round}/${ROUNDS} ${kind}`);
        await session(kind, xvfb.display, async (client) => {
          await guestToClient(xvfb.display, client, text(64 * 1024)); // warm-up
          for (let i = 0; i < PASTES; i++) add('paste latency, 32 B guest → client (ms)', kind, await guestToClient(xvfb.display, client, text(32)));
          for (const size of sizes) {
            const label = `${size / MiB} MiB`;
            add(`guest → client ${label} (MB/s)`, kind, size / 1e6 / ((await guestToClient(xvfb.display, client, text(size))) / 1000));
            add(`client → guest ${label} (MB/s)`, kind, size / 1e6 / ((await clientToGuest(xvfb.display, client, text(size + 1))) / 1000));
          }
        });
      }
    }
  } finally {
    await xvfb.proc.stop();
  }
  const rows = [['metric (median)', 'Debian', 'ours', 'ours/Debian']];
  for (const [metric, by] of Object.entries(samples)) {
    const d = median(by.debian);
    const o = median(by.ours);
    rows.push([metric, d.toFixed(2), o.toFixed(2), (o / d).toFixed(2)]);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) => r.map((v, c) => (c === 0 ? v.padEnd(widths[c]!) : v.padStart(widths[c]!))).join('  ');
  console.log(`session agents, ${ROUNDS} rounds (latency: lower is better; MB/s: higher is better)`);
  console.log([line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n'));
}

main().catch((err) => {
  console.log(`session bench failed: ${(err as Error).stack ?? String(err)}`);
});
