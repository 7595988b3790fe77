#!/usr/bin/env node
// Benchmarks our bundled agent against Debian's qemu-ga 7.2 side by side:
// both run fresh, measurements alternate between them round by round, and the
// medians are printed as ours/reference ratios with PASS/MISS against targets.
// Never fails: it prints. GA_BENCH_SHORT=1 is the CI mode (< 60 s): the same
// warm-up, fewer and shorter measurements.
//   npm run bench            (in apps/qemu-ga, after npm run build)
import { Agent, checkPrerequisites } from './lib/agents.mjs';
import { execTrue, fileRead, fileWrite, makeFile, pingLatency, pipelined } from './lib/metrics.mjs';
import { median, table } from './lib/stats.mjs';

const SHORT = process.env.GA_BENCH_SHORT === '1';
const MiB = 1 << 20;
const cfg = SHORT
  ? { rounds: 2, warmup: 3000, warmupReads: 24, pings: 1000, pipelined: 5000, read48: 1, read4Total: 16 * MiB, read64kTotal: 16 * MiB, writeTotal: 16 * MiB, execs: 5, starts: 2 }
  : { rounds: 5, warmup: 3000, warmupReads: 24, pings: 2000, pipelined: 20000, read48: 2, read4Total: 48 * MiB, read64kTotal: 48 * MiB, writeTotal: 48 * MiB, execs: 20, starts: 5 };
const KINDS = ['reference', 'ours'];
const log = (s) => process.stderr.write(`[bench] ${s}\n`);

const missing = checkPrerequisites();
if (missing.length > 0) {
  for (const m of missing) console.log(`bench not run: ${m}`);
  process.exit(0);
}

/** samples[metric][kind] = number[] */
const samples = {};
const add = (metric, kind, v) => ((samples[metric] ??= { reference: [], ours: [] })[kind].push(v));

async function withAgent(kind, fn) {
  const a = new Agent(kind);
  try {
    const startup = await a.start();
    return await fn(a, startup);
  } finally {
    await a.stop();
  }
}

const t0 = Date.now();
for (let round = 1; round <= cfg.rounds; round++) {
  // Alternate who goes first so drift (other load on the machine) hits both.
  const order = round % 2 ? KINDS : [...KINDS].reverse();
  for (const kind of order) {
    log(`round ${round}/${cfg.rounds} ${kind}: ping, pipelined, reads, write, exec`);
    await withAgent(kind, async (a, startup) => {
      add('startup to first reply (ms)', kind, startup);
      // Warm-up: both agents are long-running daemons serving a mix of
      // traffic; what a host meets is their steady state. V8 optimizes after
      // a few thousand calls and deoptimizes code (Node's stream code too)
      // that meets a kind of traffic it has not seen, for ~1000 requests, so
      // every kind runs first, the one measured first (single pings) last.
      // The C agent is unaffected either way.
      const warm = makeFile(a, 'warm', 8 * MiB);
      for (let i = 0; i < cfg.warmupReads; i++) await fileRead(a, warm, 64 * 1024, 8 * MiB);
      await fileRead(a, warm, 4 * MiB, 8 * MiB);
      await fileWrite(a, 6 * MiB, 3 * MiB);
      await pipelined(a, cfg.warmup);
      await pingLatency(a, cfg.warmup);
      const p = await pingLatency(a, cfg.pings);
      add('ping p50 (ms)', kind, p.p50);
      add('ping p99 (ms)', kind, p.p99);
      add('pipelined pings/s', kind, await pipelined(a, cfg.pipelined));
      const big = makeFile(a, 'big', 48 * MiB);
      add('file read 4 MiB count (MB/s)', kind, await fileRead(a, big, 4 * MiB, cfg.read4Total));
      add('file read 64 KiB count (MB/s)', kind, await fileRead(a, big, 64 * 1024, cfg.read64kTotal));
      add('file write 3 MiB chunks (MB/s)', kind, await fileWrite(a, cfg.writeTotal, 3 * MiB));
      for (let i = 0; i < cfg.execs; i++) add('exec /bin/true to exited (ms)', kind, await execTrue(a));
    });
  }
  // The 48 MiB read gets a fresh agent so VmHWM is the peak of this read only.
  for (const kind of order) {
    if (round > cfg.read48) break;
    log(`round ${round}/${cfg.rounds} ${kind}: 48 MiB read with RSS sampling`);
    await withAgent(kind, async (a) => {
      const big = makeFile(a, 'big', 48 * MiB);
      await new Promise((r) => setTimeout(r, 200));
      add('idle RSS (MiB)', kind, a.memory().rss / 1024);
      let peak = 0;
      const timer = setInterval(() => {
        try {
          peak = Math.max(peak, a.memory().rss);
        } catch {
          // process gone
        }
      }, 5);
      add('file read 48 MiB count (MB/s)', kind, await fileRead(a, big, 48 * MiB, 48 * MiB, () => (peak = Math.max(peak, a.memory().rss))));
      clearInterval(timer);
      add('peak RSS during 48 MiB read (MiB)', kind, Math.max(peak, a.memory().hwm) / 1024);
    });
  }
}
for (let i = 0; i < cfg.starts; i++) {
  for (const kind of i % 2 ? [...KINDS].reverse() : KINDS) {
    log(`startup ${i + 1}/${cfg.starts} ${kind}`);
    await withAgent(kind, async (_a, startup) => add('startup to first reply (ms)', kind, startup));
  }
}

// target: [op, value]; ratio = ours / reference.
const TARGETS = {
  'ping p50 (ms)': ['<=', 1.0],
  'pipelined pings/s': ['>=', 1.5],
  'file read 48 MiB count (MB/s)': ['>=', 2],
  'file read 4 MiB count (MB/s)': ['>=', 2],
  'file read 64 KiB count (MB/s)': ['>=', 2],
  'file write 3 MiB chunks (MB/s)': ['>=', 1.5],
  'exec /bin/true to exited (ms)': ['<=', 1.0],
  'peak RSS during 48 MiB read (MiB)': ['<=', 0.5],
};
const fmt = (v) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const rows = [['metric (median)', 'reference 7.2', 'ours', 'ours/ref', 'target', 'result']];
let pass = 0;
let miss = 0;
for (const [metric, s] of Object.entries(samples)) {
  const ref = median(s.reference);
  const ours = median(s.ours);
  const ratio = ours / ref;
  const target = TARGETS[metric];
  let result = '-';
  if (target) {
    const ok = target[0] === '<=' ? ratio <= target[1] : ratio >= target[1];
    result = ok ? 'PASS' : 'MISS';
    if (ok) pass++;
    else miss++;
  }
  rows.push([metric, fmt(ref), fmt(ours), `${ratio.toFixed(2)}x`, target ? `${target[0]} ${target[1]}x` : '-', result]);
}
console.log(`\nqemu-ga benchmark (${SHORT ? 'short' : 'full'} mode, ${cfg.rounds} interleaved rounds, ${((Date.now() - t0) / 1000).toFixed(0)} s)`);
console.log(table(rows));
console.log(`targets: ${pass} PASS, ${miss} MISS`);
