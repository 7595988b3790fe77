// qemu-ga.md §8 cases 47-53: guest-file-* on temp files.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from '@jest/globals';
import { conform, type ConformanceCase } from './conform.js';

const open = (s: { scratch: string }, name: string, mode?: string): string =>
  JSON.stringify({ execute: 'guest-file-open', arguments: mode === undefined ? { path: join(s.scratch, name) } : { path: join(s.scratch, name), mode } });

const cases: ConformanceCase[] = [
  {
    name: '§8.47 open a missing file',
    run: async (s) => {
      await s.req('{"execute":"guest-file-open","arguments":{"path":"/nonexistent/x"}}');
      await s.req(open(s, 'missing'));
      await s.req(open(s, 'missing', 'r+'));
    },
  },
  {
    name: '§8.48 invalid mode',
    run: async (s) => {
      for (const mode of ['zz', '', 'rw', 'r+b', 'rb+', 'x', 'wx']) await s.req(open(s, 'f', mode));
    },
  },
  {
    name: '§8.49 handles start at 1000 on a fresh state dir',
    setup: (d) => writeFileSync(join(d, 'f'), 'data'),
    run: async (s) => {
      await s.req(open(s, 'f'));
      await s.req(open(s, 'f'));
      await s.req(open(s, 'new', 'w'));
    },
  },
  {
    name: '§8.50-53 write, seek, read, close',
    run: async (s) => {
      await s.req(open(s, 'rw', 'w+'));
      const h = 1000;
      await s.req(`{"execute":"guest-file-write","arguments":{"handle":${h},"buf-b64":"aGVsbG8gd29ybGQK"}}`);
      await s.req(`{"execute":"guest-file-write","arguments":{"handle":${h},"buf-b64":"aGVsbG8gd29ybGQK","count":100}}`);
      await s.req(`{"execute":"guest-file-write","arguments":{"handle":${h},"buf-b64":"aGVsbG8=","count":2}}`);
      await s.req(`{"execute":"guest-file-write","arguments":{"handle":${h},"buf-b64":"!!!"}}`);
      await s.req(`{"execute":"guest-file-flush","arguments":{"handle":${h}}}`);
      await s.req(`{"execute":"guest-file-seek","arguments":{"handle":${h},"offset":0,"whence":"set"}}`);
      await s.req(`{"execute":"guest-file-read","arguments":{"handle":${h}}}`);
      await s.req(`{"execute":"guest-file-read","arguments":{"handle":${h}}}`);
      await s.req(`{"execute":"guest-file-seek","arguments":{"handle":${h},"offset":-4,"whence":"end"}}`);
      await s.req(`{"execute":"guest-file-seek","arguments":{"handle":${h},"offset":1,"whence":1}}`);
      await s.req(`{"execute":"guest-file-seek","arguments":{"handle":${h},"offset":0,"whence":7}}`);
      await s.req(`{"execute":"guest-file-seek","arguments":{"handle":${h},"offset":0,"whence":"bogus"}}`);
      await s.req(`{"execute":"guest-file-seek","arguments":{"handle":${h},"offset":-100,"whence":"set"}}`);
      await s.req(`{"execute":"guest-file-seek","arguments":{"handle":${h},"offset":2,"whence":"set"}}`);
      await s.req(`{"execute":"guest-file-read","arguments":{"handle":${h},"count":3}}`);
      await s.req(`{"execute":"guest-file-read","arguments":{"handle":${h},"count":0}}`);
      await s.req(`{"execute":"guest-file-read","arguments":{"handle":${h},"count":-1}}`);
      await s.req(`{"execute":"guest-file-read","arguments":{"handle":${h},"count":50331649}}`);
      await s.req(`{"execute":"guest-file-read","arguments":{"handle":${h},"count":100000}}`);
      await s.req(`{"execute":"guest-file-close","arguments":{"handle":${h}}}`);
      await s.req(`{"execute":"guest-file-close","arguments":{"handle":${h}}}`);
      await s.req(`{"execute":"guest-file-read","arguments":{"handle":${h}}}`);
      await s.req('{"execute":"guest-file-read","arguments":{"handle":999}}');
    },
  },
  {
    name: 'file modes: append, read-only write, write-only read',
    setup: (d) => writeFileSync(join(d, 'a'), 'abc'),
    run: async (s) => {
      await s.req(open(s, 'a', 'a'));
      await s.req('{"execute":"guest-file-write","arguments":{"handle":1000,"buf-b64":"eHl6"}}');
      await s.req('{"execute":"guest-file-flush","arguments":{"handle":1000}}');
      await s.req(open(s, 'a', 'r'));
      await s.req('{"execute":"guest-file-write","arguments":{"handle":1001,"buf-b64":"eHl6"}}');
      await s.req('{"execute":"guest-file-read","arguments":{"handle":1001}}');
      await s.req('{"execute":"guest-file-read","arguments":{"handle":1000}}');
      await s.req(open(s, '.', 'r'));
      await s.req(JSON.stringify({ execute: 'guest-file-open', arguments: { path: s.scratch, mode: 'w' } }));
    },
  },
  {
    name: 'write seen by another handle before guest-file-flush',
    setup: (d) => writeFileSync(join(d, 'v'), 'abc'),
    run: async (s) => {
      await s.req(open(s, 'v', 'a'));
      await s.req('{"execute":"guest-file-write","arguments":{"handle":1000,"buf-b64":"eHl6"}}');
      await s.req(open(s, 'v', 'r'));
      await s.req('{"execute":"guest-file-read","arguments":{"handle":1001}}');
      await s.req('{"execute":"guest-file-flush","arguments":{"handle":1000}}');
      await s.req('{"execute":"guest-file-seek","arguments":{"handle":1001,"offset":0,"whence":"set"}}');
      await s.req('{"execute":"guest-file-read","arguments":{"handle":1001}}');
    },
  },
  {
    name: 'large read: 4 MiB in one reply',
    setup: (d) => writeFileSync(join(d, 'big'), Buffer.alloc(4 << 20, 0x5a)),
    run: async (s) => {
      await s.req(open(s, 'big'));
      await s.req('{"execute":"guest-file-read","arguments":{"handle":1000,"count":4194304}}');
      await s.req('{"execute":"guest-file-read","arguments":{"handle":1000,"count":4194304}}');
    },
  },
];

describe('conformance: files (qemu-ga.md §8.47-53)', () => {
  for (const c of cases) it(c.name, () => conform(c), 120_000);
});
