// qemu-ga.md §8 cases 68 (policy), 70-71 (listening transports) and a client
// reset with unread replies (§1.8).
import { describe, it } from '@jest/globals';
import { QgaClient } from '@ga/qga-client/client';
import { conform, type ConformanceCase } from './conform.js';

const cases: ConformanceCase[] = [
  {
    name: '§8.68 -b guest-exec',
    agentArgs: ['-b', 'guest-exec'],
    run: async (s) => {
      await s.req('{"execute":"guest-exec","arguments":{"path":"/bin/true"}}');
      await s.req('{"execute":"guest-exec-status","arguments":{"pid":99999}}');
      await s.req('{"execute":"guest-info"}');
    },
  },
  {
    name: '§8.70 second client waits for the first',
    run: async (s) => {
      const second = await s.second();
      await second.executeRaw('{"execute":"guest-ping","id":"second"}', { lines: 0 });
      s.note(`second before: ${(await second.readRaw({ quietMs: 300 })).toString()}`);
      await s.req('{"execute":"guest-ping","id":"first"}');
      await s.conn.close();
      s.note(`second after: ${(await second.readRaw({ lines: 1, timeoutMs: 10_000 })).toString().trim()}`);
      s.conn = second;
    },
  },
  {
    name: '§8.71 partial request then reconnect',
    run: async (s) => {
      await s.send('{"execute":"guest-pi');
      await s.reconnect();
      await s.send('{"execute":"guest-ping","id":"r"}');
      // qemu-ga never answers "r" (it is parsed as part of the dead client's
      // object): wait for the first line, then take what follows until quiet.
      const first = (await s.conn.readRaw({ lines: 1, timeoutMs: 10_000 })).toString();
      const rest = (await s.conn.readRaw({ quietMs: 500 })).toString();
      s.note(`second client: ${(first + rest).trim().split('\n').join(' | ')}`);
    },
  },
  {
    name: 'client reset: unread replies then disconnect',
    run: async (s) => {
      await s.send('{"execute":"guest-info"}{"execute":"guest-info"}');
      await new Promise((r) => setTimeout(r, 300));
      // Closing a UNIX socket with unread data makes the peer's next read fail with ECONNRESET.
      s.conn.socket.destroy();
      await new Promise((r) => setTimeout(r, 300));
      let outcome: string;
      try {
        const c = await QgaClient.connect(s.agent.sock, { sync: 'none' });
        try {
          outcome = (await c.executeRaw('{"execute":"guest-ping"}', { timeoutMs: 3000 })).toString().trim();
        } finally {
          await c.close();
        }
      } catch (e) {
        outcome = `no agent (${(e as Error).name})`;
      }
      s.note(`after reset: ${outcome}`);
      await s.open().catch(() => undefined);
    },
  },
];

describe('conformance: policy and connections (qemu-ga.md §8.68-71)', () => {
  for (const c of cases) it(c.name, () => conform(c), 120_000);
});
