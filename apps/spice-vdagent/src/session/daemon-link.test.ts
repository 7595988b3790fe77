import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeUdscs } from '@ga/framing/udscs';
import { DaemonLink } from './daemon-link.js';

const until = async (cond: () => boolean) => {
  for (let i = 0; i < 400 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(cond()).toBe(true);
};

describe('daemon link', () => {
  const dir = mkdtempSync(join(tmpdir(), 'link-'));
  let link: DaemonLink | undefined;
  let server: Server | undefined;
  afterEach(async () => {
    link?.close();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    server = undefined;
  });
  const events: string[] = [];
  const handlers = {
    onConnect: () => events.push('connect'),
    onMessage: (m: { type: number }) => events.push(`msg ${m.type}`),
    onDisconnect: () => events.push('disconnect'),
    onGiveUp: () => events.push('give up'),
  };

  it('gives up after the retries when nothing ever listens', async () => {
    events.length = 0;
    link = new DaemonLink({ path: join(dir, 'none'), maxMessageSize: 64, retryMs: 1, maxRetries: 3 }, handlers);
    link.start();
    await until(() => events.includes('give up'));
    expect(events).toEqual(['give up']);
  });

  it('waits for a late daemon, reconnects after it drops, and drops an oversized message', async () => {
    events.length = 0;
    const path = join(dir, 'late');
    link = new DaemonLink({ path, maxMessageSize: 64, retryMs: 5, maxRetries: 1000 }, handlers);
    link.start();
    await new Promise((r) => setTimeout(r, 30));
    const sockets: Socket[] = [];
    server = createServer((s) => {
      sockets.push(s);
      s.on('error', () => undefined);
      s.write(encodeUdscs(6, 0, 0, Buffer.from('0.22.1\0')));
    });
    await new Promise<void>((r) => server!.listen(path, () => r()));
    await until(() => events.includes('msg 6'));
    sockets[0]!.destroy();
    await until(() => sockets.length === 2);
    sockets[1]!.write(encodeUdscs(4, 0, 1, Buffer.alloc(65)));
    await until(() => sockets.length === 3);
    expect(events.filter((e) => e === 'connect').length).toBe(3);
    expect(events.filter((e) => e === 'disconnect').length).toBe(2);
    expect(events).not.toContain('give up');
    rmSync(dir, { recursive: true, force: true });
  });
});
