import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { waitUntilListening } from '@ga/host-kit/unix-listening';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { encodeJson } from '../src/json/encode.js';
import { isValidCodepoint } from '../src/json/mod-utf8.js';
import { JsonStreamParser } from '../src/json/stream-parser.js';
import type { JsonValue } from '../src/json/value.js';

/**
 * Differential test: the same malformed bytes go to the real qemu-ga 7.2 (unix-listen)
 * and to JsonStreamParser; the sequence of parse errors (and of accepted values) must
 * match. Every case is followed by 0x01 + a marker ping, which resynchronises
 * qemu-ga's global parser and tells us where the case's replies end.
 */
const QEMU_GA = '/usr/sbin/qemu-ga';

class Agent {
  private buffered = '';
  private waiters: (() => void)[] = [];
  private seq = 0;

  constructor(private readonly sock: net.Socket) {
    sock.setEncoding('latin1');
    sock.on('data', (d: string) => {
      this.buffered += d;
      for (const w of this.waiters.splice(0)) w();
    });
  }

  /** Sends `bytes` + 0x01 + a marker ping; returns the reply lines before the marker reply. */
  async exchange(bytes: Buffer): Promise<string[]> {
    const marker = `m${++this.seq}`;
    this.sock.write(Buffer.concat([bytes, Buffer.from(`\x01{"execute":"guest-ping","id":"${marker}"}`)]));
    const needle = `"id": "${marker}"}\n`;
    while (!this.buffered.includes(needle)) await new Promise<void>((r) => this.waiters.push(r));
    const end = this.buffered.indexOf(needle);
    const lines = this.buffered.slice(0, end).split('\n');
    lines.pop(); // the marker reply itself
    this.buffered = this.buffered.slice(end + needle.length);
    return lines.filter((l) => l !== '');
  }
}

/** 'value' for anything the app answered, the desc text for JSON-level errors. */
function classifyReply(line: string): string {
  const reply = JSON.parse(Buffer.from(line, 'latin1').toString('utf8')) as { error?: { desc: string } };
  const desc = reply.error?.desc;
  return desc !== undefined && desc.startsWith('JSON ') ? desc : 'value';
}

function ours(bytes: Buffer): string[] {
  const out: string[] = [];
  const p = new JsonStreamParser({ onValue: () => out.push('value'), onError: (d) => out.push(d) });
  p.feed(Buffer.concat([bytes, Buffer.from([1])]));
  return out;
}

const L = (s: string): Buffer => Buffer.from(s, 'latin1');

const CASES: Buffer[] = [
  'garbage\n', '{"execute" "guest-ping"}', '}', ']', ',', ':', '{"execute":"guest-ping","id":5,}', '[1,2]', '42',
  '"str"', 'true ', 'truex ', 'True', 'nul', 'tru e', '{"execute":"guest-ping","execute":"guest-info"}',
  '{"execute":"guest-ping","id":"bad\xC3\x28"}', '\xff', '\xfe', '\x01', '\x04', '\x00', '\x7f', '\x1b[A',
  '{"execute":"guest-pi\xffng"}{"execute":"guest-ping","id":"after"}', 'abcD', '[}]', '{]', '{"a":1]', '[1 2]',
  '{1:2}', '{{"a":1}:2}', '{{"a" 1}:2}', '{"a" : }', '{,}', '[,]', '[1,]', '{"a":1 "b":2}', '{"a"}', '{:}',
  '"\\x"', '"\\uD800"', '"\\u12"', '"\\uDC00"', '"\\uD800\\u0041"', '"\\uD83D\\uDE00"', '"\\uFFFF"', '"\\uFDD0"',
  '"\\u0000"', '"\xC0\x80"', '"\xC1\x81"', '"\xED\xA0\x80"', '"\xF4\x90\x80\x80"', '"\xEF\xBF\xBE"', '"\xE2\x82"',
  '"\x80"', '"\\\xff"', '"a\tb"', '"a\nb"', "'sq\"x'", "'sq\\'x'", '0123', '-', '-a', '1.', '1.e5', '1e', '1e+',
  '.5', '+1', '-0 ', '1.5e3 ', '%d', '{"a":%}', '\xc3\xa9', '{"a":1}\xc3', '"abc\x00def"',
  '{"a":1,"a":{"b":[1,2,"\xff"]}}', '{"execute":"guest-ping","id":{"a":[1,2]}}', '{ "execute" : "guest-ping" , "id" : [ ] }',
  'x'.repeat(2000) + ' ', '['.repeat(1025), '['.repeat(1024) + ']'.repeat(1024), '{"a":'.repeat(1025),
  '{"execute":"guest-sync","arguments":{"id":', '{"a":"\xf0\x9f\x98"}', '{"\xff":1}', '[1,2,3' + '\x01' + ']',
].map(L);

let agent: Agent;
let proc: ChildProcess | undefined;
let dir: string;
let sock: net.Socket | undefined;

beforeAll(async () => {
  if (!existsSync(QEMU_GA)) {
    throw new Error(`${QEMU_GA} is missing: run "apt-get install -y qemu-guest-agent" to enable this differential test`);
  }
  dir = mkdtempSync(join(tmpdir(), 'ga-json-diff-'));
  const path = join(dir, 'qga.sock');
  proc = spawn(QEMU_GA, ['-m', 'unix-listen', '-p', path, '-t', dir], { stdio: 'ignore' });
  const p = proc;
  await waitUntilListening(path, { gone: () => (p.exitCode !== null ? `qemu-ga exited with ${p.exitCode}; run it by hand to see why` : undefined) });
  const s = net.connect(path);
  await new Promise<void>((resolve, reject) => s.once('connect', resolve).once('error', reject));
  sock = s;
  agent = new Agent(s);
}, 30_000);

afterAll(() => {
  sock?.destroy();
  if (proc?.pid !== undefined && proc.exitCode === null) process.kill(proc.pid, 'SIGTERM');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('JsonStreamParser vs real qemu-ga 7.2', () => {
  it.each(CASES.map((c) => [JSON.stringify(c.toString('latin1')).slice(0, 60), c] as const))(
    'same parse errors for %s',
    async (_name, bytes) => {
      const theirs = (await agent.exchange(bytes)).map(classifyReply);
      const mine = ours(bytes);
      if (process.env.GA_DIFF_DEBUG) process.stdout.write(`${JSON.stringify(theirs).slice(0, 300)}\n`);
      expect(mine[0]).toEqual(theirs[0]);
      expect(mine).toEqual(theirs);
    },
  );
  it('same first error and recovery for the 2 Mi token-count limit', async () => {
    const bytes = L(`[${'0,'.repeat(1024 * 1024)}0]`);
    const theirs = (await agent.exchange(bytes)).map(classifyReply);
    const mine = ours(bytes);
    expect(mine[0]).toBe('JSON token count limit exceeded');
    expect(mine[0]).toEqual(theirs[0]);
  }, 60_000);
});

/** JSON text with keys in the generated order (so QDict bucket collisions see both orders). */
type Tree = null | boolean | bigint | number | string | Tree[] | { entries: [string, Tree][] };
function render(t: Tree): string {
  if (t === null || typeof t === 'boolean' || typeof t === 'bigint') return String(t);
  if (typeof t === 'number') return String(t);
  if (typeof t === 'string') return JSON.stringify(t);
  if (Array.isArray(t)) return `[${t.map(render).join(',')}]`;
  return `{${t.entries.map(([k, v]) => `${JSON.stringify(k)}:${render(v)}`).join(',')}}`;
}
const validText = fc.string({ unit: 'binary', maxLength: 10 }).map((s) =>
  Array.from(s, (ch) => (isValidCodepoint(ch.codePointAt(0)!) ? ch : '?')).join(''),
);
const key = fc.oneof(validText, fc.nat(40).map(String), fc.constantFrom('id', 'return', 'error', 'class', 'desc', 'name', '__proto__'));
const { tree } = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    validText,
    fc.array(tie('tree'), { maxLength: 4 }),
    fc.uniqueArray(fc.tuple(key, tie('tree')), { maxLength: 8, selector: ([k]) => k }).map((entries) => ({ entries })),
  ),
}));

describe('encodeJson vs real qemu-ga 7.2 replies', () => {
  it('echoes ids byte for byte: member order, escaping, numbers', async () => {
    const fixed = [
      '{"zz":1,"a":2,"mm":[1,{"q":1,"b":2}]}',
      '{"b":1,"1":2,"0":3,"10":4,"a":{"2":1,"x":2}}',
      String.raw`"\u0000\ud83d\ude00\u007f/\b\f\n\r\t\u0001\u00e9\u2713\ufffd"`,
      '[0.1,1.5e3,-0,-0.0,1e400,-1e400,140737488355328.125,5e-324,2.5e-5,1e17,123456789012345680]',
      '[9223372036854775807,9223372036854775808,18446744073709551615,18446744073709551616,-9223372036854775808,-9223372036854775809]',
      String.raw`{"\u0000":1,"\u00e9":2,"\ud83d\ude00":3,"a\u0000b":4}`,
    ];
    const samples = fc.sample(tree, { numRuns: 1000, seed: 42 }).map(render);
    const ids = [...fixed, ...samples];
    const request = Buffer.from(ids.map((id) => `{"execute":"guest-ping","id":${id}}`).join(''), 'utf8');
    const replies = await agent.exchange(request);
    expect(replies.at(-1)).toContain('stray');
    const expected: string[] = [];
    const p = new JsonStreamParser({
      onValue: (v) => expected.push(encodeJson({ return: {}, id: (v as { id: JsonValue }).id })),
      onError: (desc) => expected.push(encodeJson({ error: { class: 'GenericError', desc } })),
    });
    p.feed(request);
    expect(replies.slice(0, -1)).toEqual(expected);
  }, 60_000);
});
