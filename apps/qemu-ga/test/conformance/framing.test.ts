// qemu-ga.md §8 cases 1-22 (framing and generic errors) plus unknown
// commands, int64 ids, garbage floods and a 10 MB garbage line.
import { describe, it } from '@jest/globals';
import { conform, type ConformanceCase } from './conform.js';

const PING = '{"execute":"guest-ping"}';
const after = (line: string): boolean => line.includes('"id": "after"');

function nested(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

/** Deterministic bytes (xorshift), so both agents get the same garbage. */
function garbage(n: number, seed = 0x9e3779b9): Buffer {
  const out = Buffer.alloc(n);
  let x = seed >>> 0;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

const cases: ConformanceCase[] = [
  { name: '§8.1 ping without newline', run: async (s) => void (await s.req(PING)) },
  {
    name: '§8.2 ping with newline, nothing extra',
    run: async (s) => {
      await s.req(`${PING}\n`);
      await s.settle();
    },
  },
  { name: '§8.3 string id', run: async (s) => void (await s.req('{"execute":"guest-ping","id":"abc"}')) },
  { name: '§8.4 object id', run: async (s) => void (await s.req('{"execute":"guest-ping","id":{"a":[1,2]}}')) },
  { name: '§8.5 single quotes', run: async (s) => void (await s.req("{'execute':'guest-ping'}")) },
  { name: '§8.6 two requests in one write', run: async (s) => void (await s.req(`${PING}{"execute":"guest-ping","id":2}`, 2)) },
  {
    name: '§8.7 request split across writes',
    run: async (s) => {
      await s.send('{"execute":');
      await s.quiet(200);
      await s.req('"guest-ping"}');
    },
  },
  { name: '§8.8 unknown command', run: async (s) => void (await s.req('{"execute":"nope"}')) },
  { name: '§8.9 unknown command with id', run: async (s) => void (await s.req('{"execute":"nope","id":5}')) },
  { name: '§8.10 missing argument', run: async (s) => void (await s.req('{"execute":"guest-sync"}')) },
  { name: '§8.11 wrong argument type', run: async (s) => void (await s.req('{"execute":"guest-sync","arguments":{"id":"x"}}')) },
  { name: '§8.12 unexpected argument', run: async (s) => void (await s.req('{"execute":"guest-ping","arguments":{"x":1}}')) },
  { name: '§8.13 arguments not an object', run: async (s) => void (await s.req('{"execute":"guest-ping","arguments":[]}')) },
  { name: '§8.14 execute not a string', run: async (s) => void (await s.req('{"execute":1}')) },
  {
    name: '§8.15 unexpected top-level members',
    run: async (s) => {
      await s.req('{"execute":"guest-ping","foo":1}');
      await s.req('{"exec-oob":"guest-ping"}');
      await s.req('{"execute":"guest-ping","control":{}}');
    },
  },
  {
    name: '§8.16 input not an object',
    run: async (s) => {
      await s.req('[1,2]');
      await s.req('"str"');
      await s.send('42');
      await s.quiet(200);
      await s.req(' ');
    },
  },
  {
    name: '§8.17 garbage keyword',
    run: async (s) => {
      await s.req('garbage\n');
      await s.settle();
    },
  },
  {
    name: '§8.18 missing colon',
    run: async (s) => {
      await s.send('{"execute" "guest-ping"}');
      await s.settle();
    },
  },
  { name: '§8.19 duplicate key', run: async (s) => void (await s.req('{"execute":"guest-ping","execute":"guest-info"}')) },
  {
    name: '§8.20 invalid UTF-8 in a string',
    run: async (s) => {
      await s.send('{"execute":"guest-ping","id":"bad\xC3\x28"}');
      await s.send('\x01{"execute":"guest-ping","id":"after"}');
      await s.until(after);
    },
  },
  { name: '§8.21 non-ASCII echoed as \\u escapes', run: async (s) => void (await s.req(Buffer.from('{"execute":"guest-ping","id":"héllo ✓ \\u0000 \\/ \\t"}', 'utf8'))) },
  {
    name: '§8.22 nesting limit',
    run: async (s) => {
      await s.req(`{"execute":"guest-ping","id":${nested(1000)}}`);
      await s.send(`{"execute":"guest-ping","id":${nested(1025)}}`);
      await s.send('\x01{"execute":"guest-ping","id":"after"}');
      await s.firstAndUntil(after);
    },
  },
  {
    name: 'unknown and odd command names',
    run: async (s) => {
      for (const name of ['', ' guest-ping', 'GUEST-PING', 'guest_ping', 'guest-ping\\u0000', 'qmp_capabilities', 'query-commands']) {
        await s.req(`{"execute":"${name}","id":"${name.replace(/\\/g, '')}"}`);
      }
    },
  },
  {
    name: 'int64 and out-of-range ids',
    run: async (s) => {
      for (const id of ['9223372036854775807', '-9223372036854775808', '9223372036854775808', '18446744073709551616', '-9223372036854775809', '1.5e3', '-0', '0.1', '1e400', 'true', 'null', '[]']) {
        await s.req(`{"execute":"guest-ping","id":${id}}`);
        await s.req(`{"execute":"guest-sync","arguments":{"id":${id}}}`);
      }
    },
  },
  {
    name: 'garbage flood (random bytes): first error and recovery',
    run: async (s) => {
      await s.send(garbage(256 * 1024));
      await s.send('\x01{"execute":"guest-ping","id":"after"}');
      await s.firstAndUntil(after);
    },
  },
  {
    name: 'garbage flood (many bad lines): first error and recovery',
    run: async (s) => {
      await s.send('garbage\n'.repeat(20000));
      await s.send('{"execute":"guest-ping","id":"after"}');
      await s.firstAndUntil(after);
    },
  },
  {
    name: '10 MB garbage line',
    run: async (s) => {
      await s.send(Buffer.alloc(10 << 20, 'x'));
      await s.send('\n{"execute":"guest-ping","id":"after"}');
      await s.firstAndUntil(after);
    },
  },
  {
    name: 'whitespace and stray closers between requests',
    run: async (s) => {
      await s.req(` \t\r\n${PING} \r\n`);
      await s.send('}');
      await s.settle();
      await s.send(']');
      await s.settle();
      await s.req(`{"execute":"guest-ping","id":"tail"}`);
    },
  },
];

describe('conformance: framing and generic errors (qemu-ga.md §8.1-22)', () => {
  for (const c of cases) it(c.name, () => conform(c), 120_000);
});
