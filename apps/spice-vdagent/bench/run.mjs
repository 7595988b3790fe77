#!/usr/bin/env node
// Benchmarks our bundled spice-vdagentd against Debian's spice-vdagentd 0.22.1
// in the same run, both driven the same way (lib/daemons.mjs): a host on the
// port socket and a fake session agent on the session socket.
//  - clipboard host -> session agent: one CLIPBOARD message of 1 MiB and of
//    16 MiB, sliced into 2048-byte chunks as spice-gtk sends it, timed from the
//    first byte written to the whole udscs CLIPBOARD_DATA read (MB/s);
//  - monitors-config -> REPLY round trip (V4, which both answer), median in µs.
// Rounds alternate who goes first; medians and ours/reference ratios are
// printed (>1 = ours faster for MB/s; <1 = ours faster for latency).
// Never fails: it prints. GA_BENCH_SHORT=1 is the CI mode (a few seconds).
//   npm run bench            (in apps/spice-vdagent, after npm run build)
import { SHORT, exitIfMissing, log, median } from '@ga/bench-kit/stats';
import { Daemon, checkPrerequisites } from './lib/daemons.mjs';
import { clipboard, monitorsConfig } from './lib/wire.mjs';

const MiB = 1 << 20;
const cfg = SHORT ? { rounds: 2, clip1: 3, clip16: 1, replies: 200, warmup: 50 } : { rounds: 4, clip1: 10, clip16: 3, replies: 2000, warmup: 300 };
const KINDS = ['reference', 'ours'];

exitIfMissing(checkPrerequisites());

const samples = {};
const add = (metric, kind, v) => ((samples[metric] ??= { reference: [], ours: [] })[kind].push(v));

async function clipboardMBps(d, size) {
  const bytes = clipboard(size);
  const t = process.hrtime.bigint();
  d.host.write(bytes);
  const m = await d.agentReader.next();
  const s = Number(process.hrtime.bigint() - t) / 1e9;
  if (m.readUInt32LE(0) !== 4 || m.length !== 16 + size) throw new Error(`${d.kind}: expected CLIPBOARD_DATA of ${size} bytes, got type ${m.readUInt32LE(0)} of ${m.length - 16}`);
  return size / MiB / s;
}

async function replyLatencyUs(d) {
  const msg = monitorsConfig();
  const t = process.hrtime.bigint();
  d.host.write(msg);
  await d.hostReader.nextOfType(3);
  const us = Number(process.hrtime.bigint() - t) / 1e3;
  await d.agentReader.next(); // the forwarded udscs MONITORS_CONFIG
  return us;
}

const t0 = Date.now();
for (let round = 1; round <= cfg.rounds; round++) {
  const order = round % 2 ? KINDS : [...KINDS].reverse();
  for (const kind of order) {
    log(`round ${round}/${cfg.rounds} ${kind}`);
    const d = new Daemon(kind);
    try {
      await d.start();
      for (let i = 0; i < cfg.warmup; i++) await replyLatencyUs(d);
      await clipboardMBps(d, MiB);
      const lat = [];
      for (let i = 0; i < cfg.replies; i++) lat.push(await replyLatencyUs(d));
      add('monitors-config -> REPLY (µs, median)', kind, median(lat));
      for (let i = 0; i < cfg.clip1; i++) add('clipboard 1 MiB in 2048-byte chunks (MB/s)', kind, await clipboardMBps(d, MiB));
      for (let i = 0; i < cfg.clip16; i++) add('clipboard 16 MiB in 2048-byte chunks (MB/s)', kind, await clipboardMBps(d, 16 * MiB));
    } finally {
      await d.stop();
    }
  }
}

const rows = Object.entries(samples).map(([metric, s]) => {
  const ref = median(s.reference);
  const ours = median(s.ours);
  return [metric, ref.toFixed(1), ours.toFixed(1), (ours / ref).toFixed(2)];
});
const head = ['metric', 'reference 0.22.1', 'ours', 'ours/reference'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
console.log(`spice-vdagentd bench (${SHORT ? 'short' : 'full'}, ${cfg.rounds} rounds, ${((Date.now() - t0) / 1000).toFixed(0)} s)`);
console.log(line(head));
for (const r of rows) console.log(line(r));
