// One function per measurement; each takes a started Agent and returns numbers.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { percentile } from '@ga/bench-kit/stats';

const MiB = 1 << 20;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const now = () => Number(process.hrtime.bigint()) / 1e6;

/** Sequential guest-ping round trips; returns p50 and p99 in ms. */
export async function pingLatency(agent, n) {
  const lat = [];
  for (let i = 0; i < n; i++) {
    const t = now();
    await agent.conn.call({ execute: 'guest-ping' });
    lat.push(now() - t);
  }
  return { p50: percentile(lat, 50), p99: percentile(lat, 99) };
}

/** n pings written at once; replies per second. */
export async function pipelined(agent, n) {
  const one = '{"execute":"guest-ping"}';
  const t = now();
  agent.conn.write(one.repeat(n));
  await agent.conn.drain(n);
  return n / ((now() - t) / 1000);
}

export function makeFile(agent, name, size) {
  const path = join(agent.scratch, name);
  writeFileSync(path, randomBytes(size));
  return path;
}

async function open(agent, path, mode) {
  const r = JSON.parse(await agent.conn.call({ execute: 'guest-file-open', arguments: mode ? { path, mode } : { path } }));
  if (r.error) throw new Error(`${agent.kind}: guest-file-open failed: ${r.error.desc}`);
  return r.return;
}

/**
 * Reads `total` bytes of `path` with guest-file-read of `count`; MB/s of file
 * data. `onChunk` runs after each reply (RSS sampling).
 */
export async function fileRead(agent, path, count, total, onChunk = () => {}) {
  const handle = await open(agent, path);
  let got = 0;
  const t = now();
  while (got < total) {
    agent.conn.write(JSON.stringify({ execute: 'guest-file-read', arguments: { handle, count } }));
    const ends = await agent.conn.nextEnds(64, 120_000);
    onChunk();
    const head = ends.head.toString();
    const m = /"count": (\d+)/.exec(head) ?? /"count": (\d+)/.exec(ends.tail.toString());
    if (!m) throw new Error(`${agent.kind}: unexpected read reply ${head}`);
    if (Number(m[1]) === 0) break;
    got += Number(m[1]);
  }
  const ms = now() - t;
  await agent.conn.call({ execute: 'guest-file-close', arguments: { handle } });
  return got / MiB / (ms / 1000);
}

/** Writes `total` bytes in `chunk`-byte guest-file-write calls; MB/s. */
export async function fileWrite(agent, total, chunk) {
  const handle = await open(agent, join(agent.scratch, 'written'), 'w');
  const req = Buffer.from(JSON.stringify({ execute: 'guest-file-write', arguments: { handle, 'buf-b64': randomBytes(chunk).toString('base64') } }));
  const t = now();
  for (let done = 0; done < total; done += chunk) {
    agent.conn.write(req);
    const line = (await agent.conn.next(120_000)).toString();
    if (!line.includes(`"count": ${chunk}`)) throw new Error(`${agent.kind}: unexpected write reply ${line.slice(0, 200)}`);
  }
  await agent.conn.call({ execute: 'guest-file-flush', arguments: { handle } });
  const ms = now() - t;
  await agent.conn.call({ execute: 'guest-file-close', arguments: { handle } });
  return total / MiB / (ms / 1000);
}

/** guest-exec /bin/true, then guest-exec-status until exited; ms. */
export async function execTrue(agent) {
  const t = now();
  const r = JSON.parse(await agent.conn.call({ execute: 'guest-exec', arguments: { path: '/bin/true' } }));
  if (r.error) throw new Error(`${agent.kind}: guest-exec failed: ${r.error.desc}`);
  for (;;) {
    const st = await agent.conn.call({ execute: 'guest-exec-status', arguments: { pid: r.return.pid } });
    if (st.includes('"exited": true')) return now() - t;
    await sleep(1);
  }
}
