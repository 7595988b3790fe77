// Memory and start-up figures: the agents against bare `node` (the floor a
// Node.js agent cannot go below) as well as against the reference.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** How long after the first reply "idle" is sampled: start-up garbage and the first reply's buffers are settled. */
export const IDLE_SETTLE_MS = 300;

/** kB values of /proc/<pid>/status. */
export function statusKb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

/** ms from spawn to exit of `node -e 0`: the part of any agent's start-up that is Node's own. */
export async function bareNodeStart() {
  const t0 = process.hrtime.bigint();
  const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  await new Promise((r) => child.once('exit', r));
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** RSS (MiB) of a `node` that does nothing but wait, sampled like an idle agent. */
export async function bareNodeIdleRss() {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1 << 30)'], { stdio: 'ignore' });
  const exited = new Promise((r) => child.once('exit', r));
  // A bare node is "up" when it has run its script; 100 ms covers that, then the same settle time.
  await sleep(100 + IDLE_SETTLE_MS);
  const { rss } = statusKb(child.pid);
  child.kill('SIGKILL');
  await exited;
  return rss / 1024;
}

/**
 * `rounds` bursts of `n` pipelined pings on a started agent, RSS sampled every
 * 5 ms. Returns MiB: the peak over all bursts and RSS right after the last one.
 */
export async function burstRss(agent, n, rounds) {
  const one = '{"execute":"guest-ping"}';
  let peak = 0;
  const sample = () => {
    try {
      peak = Math.max(peak, agent.memory().rss);
    } catch {
      // process gone: the caller's next call fails with the reason
    }
  };
  const timer = setInterval(sample, 5);
  try {
    for (let i = 0; i < rounds; i++) {
      agent.conn.write(one.repeat(n));
      await agent.conn.drain(n);
      sample();
    }
  } finally {
    clearInterval(timer);
  }
  return { peak: peak / 1024, end: agent.memory().rss / 1024 };
}
