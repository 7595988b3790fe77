#!/usr/bin/env node
// Cost of the oVirt agent's work, measured on the bundled binary through
// /proc/<pid>/stat (user+system CPU) while the simulator plays VDSM:
//   - one full refresh burst at API 3 (CPU ms, wall ms until its last line),
//   - an idle period of timers (heartbeat 5 s, active-user 10 s, CPUs 60 s,
//     ...) scaled to CPU ms per hour,
// next to the same figures for apps/qemu-ga's information commands (what
// VDSM polls qemu-ga for) when its bundle is built. Never fails: it prints.
// GA_BENCH_SHORT=1 is the CI mode (about 40 s).
//   npm run bench      (in apps/ovirt-agent, after npm run build)
import { SHORT, median } from '@ga/bench-kit/stats';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const cfg = SHORT ? { refreshes: 5, idleSeconds: 15 } : { refreshes: 20, idleSeconds: 120 };
const here = dirname(fileURLToPath(import.meta.url));
const OVIRT = join(here, '..', 'dist', 'ovirt-agent.mjs');
const QGA = resolve(here, '../../qemu-ga/dist/qemu-ga.mjs');
const TICK = 100; // USER_HZ on Linux
const log = (s) => process.stderr.write(`[bench] ${s}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function cpuMs(pid) {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / TICK;
}

async function start(bin, args) {
  const dir = mkdtempSync(join(tmpdir(), 'ovirt-bench-'));
  const sock = join(dir, 'a.sock');
  const child = spawn(process.execPath, [bin, ...args(sock, dir)], { stdio: 'ignore' });
  for (let i = 0; i < 3000 && !existsSync(sock); i++) await sleep(10);
  await sleep(100);
  return { child, sock, stop: async () => { if (child.exitCode === null && child.signalCode === null) { const gone = new Promise((r) => child.once('exit', r)); child.kill('SIGTERM'); await gone; } rmSync(dir, { recursive: true, force: true }); } };
}

/** A line client: send JSON lines, wait for a line matching a predicate. */
async function lines(sock) {
  const s = net.connect(sock);
  await new Promise((r, j) => s.once('connect', r).once('error', j));
  let buf = '';
  const seen = [];
  let waiter;
  s.on('data', (d) => {
    buf += d.toString('latin1');
    let nl;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      try { seen.push(JSON.parse(line)); } catch { continue; }
      waiter?.();
    }
  });
  return {
    seen,
    send: (o) => s.write(`${JSON.stringify(o)}\n`),
    until: (pred, ms = 20000) => new Promise((res, rej) => {
      const t = setTimeout(() => rej(new Error('timeout')), ms);
      const check = () => { const i = seen.findIndex(pred); if (i >= 0) { clearTimeout(t); waiter = undefined; res(seen.splice(0, i + 1)); } };
      waiter = check;
      check();
    }),
    close: () => s.destroy(),
  };
}

const results = [];
// Keeps the loop alive across the idle measurement (only the children work then).
const keepAlive = setInterval(() => undefined, 1000);
async function ovirt() {
  if (!existsSync(OVIRT)) return log(`${OVIRT} is missing: run npm run build in apps/ovirt-agent`);
  const a = await start(OVIRT, (sock) => ['--method', 'unix-listen', '--path', sock]);
  try {
    const c = await lines(a.sock);
    c.send({ apiVersion: 3, __name__: 'refresh' });
    await c.until((m) => m.__name__ === 'fqdn');
    c.send({ apiVersion: 3, __name__: 'api-version' });
    await c.until((m) => m.__name__ === 'number-of-cpus');
    const cpu = [], wall = [];
    for (let i = 0; i < cfg.refreshes; i++) {
      await sleep(200);
      const c0 = cpuMs(a.child.pid), t0 = performance.now();
      c.send({ apiVersion: 3, __name__: 'refresh' });
      c.send({ apiVersion: 3, __name__: 'api-version' }); // refresh drops nothing (it carries 3); number-of-cpus ends the burst
      await c.until((m) => m.__name__ === 'number-of-cpus');
      wall.push(performance.now() - t0);
      cpu.push(cpuMs(a.child.pid) - c0);
    }
    log(`ovirt-agent: idle ${cfg.idleSeconds} s with timers running`);
    const i0 = cpuMs(a.child.pid);
    await sleep(cfg.idleSeconds * 1000);
    const idle = ((cpuMs(a.child.pid) - i0) * 3600) / cfg.idleSeconds;
    results.push(['ovirt-agent: full refresh (12 reports)', cpu.reduce((x, y) => x + y, 0) / cpu.length, median(wall)], ['ovirt-agent: idle timers, CPU ms per hour', idle, NaN]);
    c.close();
  } finally {
    await a.stop();
  }
}

const QGA_INFO = ['guest-get-host-name', 'guest-get-osinfo', 'guest-get-timezone', 'guest-network-get-interfaces', 'guest-get-fsinfo', 'guest-get-users', 'guest-get-vcpus', 'guest-get-disks'];
async function qga() {
  if (!existsSync(QGA)) return log(`${QGA} is missing: run npm run build in apps/qemu-ga for the comparison`);
  const a = await start(QGA, (sock, dir) => (mkdirSync(join(dir, 'state')), ['-m', 'unix-listen', '-p', sock, '-t', join(dir, 'state'), '-f', join(dir, 'pid')]));
  try {
    const c = await lines(a.sock);
    const round = async () => { for (const cmd of QGA_INFO) { c.send({ execute: cmd }); await c.until(() => true); } };
    await round();
    const cpu = [], wall = [];
    for (let i = 0; i < cfg.refreshes; i++) {
      await sleep(200);
      const c0 = cpuMs(a.child.pid), t0 = performance.now();
      await round();
      wall.push(performance.now() - t0);
      cpu.push(cpuMs(a.child.pid) - c0);
    }
    log(`qemu-ga: idle ${cfg.idleSeconds} s`);
    const i0 = cpuMs(a.child.pid);
    await sleep(cfg.idleSeconds * 1000);
    const idle = ((cpuMs(a.child.pid) - i0) * 3600) / cfg.idleSeconds;
    results.push([`qemu-ga: ${QGA_INFO.length} information commands`, cpu.reduce((x, y) => x + y, 0) / cpu.length, median(wall)], ['qemu-ga: idle, CPU ms per hour', idle, NaN]);
    c.close();
  } finally {
    await a.stop();
  }
}

try { await ovirt(); } catch (e) { log(`ovirt-agent bench failed: ${e.message}`); }
try { await qga(); } catch (e) { log(`qemu-ga bench failed: ${e.message}`); }
clearInterval(keepAlive);
const fmt = (v) => (Number.isNaN(v) ? '-' : v >= 100 ? v.toFixed(0) : v.toFixed(1));
console.log(`${'measurement (CPU: mean, wall: median)'.padEnd(46)} ${'CPU ms'.padStart(10)} ${'wall ms'.padStart(10)}`);
for (const [n, c, w] of results) console.log(`${n.padEnd(46)} ${fmt(c).padStart(10)} ${fmt(w).padStart(10)}`);
console.log(`(CPU from /proc/<pid>/stat in ${1000 / TICK} ms ticks; ${cfg.refreshes} refreshes; idle over ${cfg.idleSeconds} s scaled to 1 h${SHORT ? '; GA_BENCH_SHORT' : ''})`);
