import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { waitUntilListening } from '@ga/host-kit/unix-listening';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonStreamParser } from '../src/json/stream-parser.js';

/**
 * The 64 MiB token-size limit against the real qemu-ga 7.2, at the exact boundary:
 * every token of a message counts, plus one byte, and a single token that outgrows the
 * limit before it ends is cut and the rest re-lexed as garbage. Separate file because
 * each case moves 64 MiB through a socket.
 */
const QEMU_GA = '/usr/sbin/qemu-ga';
const LIMIT = 64 * 1024 * 1024;

let proc: ChildProcess | undefined;
let dir = '';
let sock: net.Socket | undefined;
let buffered = '';
let wake: (() => void) | undefined;
let seq = 0;

async function exchange(bytes: Buffer): Promise<string[]> {
  const marker = `m${++seq}`;
  sock!.write(Buffer.concat([bytes, Buffer.from(`\x01{"execute":"guest-ping","id":"${marker}"}`)]));
  const needle = `"id": "${marker}"}\n`;
  while (!buffered.includes(needle)) await new Promise<void>((r) => (wake = r));
  const lines = buffered.slice(0, buffered.indexOf(needle)).split('\n');
  buffered = buffered.slice(buffered.indexOf(needle) + needle.length);
  lines.pop();
  return lines
    .filter((l) => l !== '')
    .map((l) => {
      const desc = (JSON.parse(l) as { error?: { desc: string } }).error?.desc;
      return desc !== undefined && desc.startsWith('JSON ') ? desc : 'value';
    });
}

function ours(bytes: Buffer): string[] {
  const out: string[] = [];
  const p = new JsonStreamParser({ onValue: () => out.push('value'), onError: (d) => out.push(d) });
  for (let i = 0; i < bytes.length; i += 1 << 20) p.feed(bytes.subarray(i, i + (1 << 20)));
  p.feed(Buffer.from([1]));
  return out;
}

beforeAll(async () => {
  if (!existsSync(QEMU_GA)) {
    throw new Error(`${QEMU_GA} is missing: run "apt-get install -y qemu-guest-agent" to enable this differential test`);
  }
  dir = mkdtempSync(join(tmpdir(), 'ga-json-limits-'));
  const path = join(dir, 'qga.sock');
  proc = spawn(QEMU_GA, ['-m', 'unix-listen', '-p', path, '-t', dir], { stdio: 'ignore' });
  const p = proc;
  await waitUntilListening(path, { gone: () => (p.exitCode !== null ? `qemu-ga exited with ${p.exitCode}; run it by hand to see why` : undefined) });
  const s = net.connect(path);
  await new Promise<void>((resolve, reject) => s.once('connect', resolve).once('error', reject));
  s.setEncoding('latin1');
  s.on('data', (d: string) => {
    buffered += d;
    wake?.();
  });
  sock = s;
}, 30_000);

afterAll(() => {
  sock?.destroy();
  if (proc?.pid !== undefined && proc.exitCode === null) process.kill(proc.pid, 'SIGTERM');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** `["AAAA…"]` whose tokens total `total` bytes ('[' + string + ']'). */
function message(total: number): Buffer {
  const buf = Buffer.alloc(total, 'A');
  buf.write('["', 0);
  buf.write('"]', total - 2);
  return buf;
}

describe('64 MiB token size limit vs real qemu-ga 7.2', () => {
  it('accepts a message whose tokens total limit - 1 bytes and rejects one of exactly the limit', async () => {
    const below = ours(message(LIMIT - 1));
    const at = ours(message(LIMIT));
    expect(below[0]).toBe('value');
    expect(at[0]).toBe('JSON token size limit exceeded');
    expect(below).toEqual(await exchange(message(LIMIT - 1)));
    expect(at).toEqual(await exchange(message(LIMIT)));
  }, 180_000);
  it('cuts a single token that outgrows the limit and re-lexes the rest', async () => {
    const bytes = message(LIMIT + 100);
    const theirs = await exchange(bytes);
    const mine = ours(bytes);
    expect(mine[0]).toBe('JSON token size limit exceeded');
    expect(mine).toEqual(theirs);
  }, 180_000);
});
