import { afterEach, describe, expect, it } from '@jest/globals';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { UnixConnectChannel } from './unix-connect.js';
import { collector, once, tempDir } from './test-util/net.js';

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

function serve(path: string): Promise<{ server: Server; next: () => Promise<Socket> }> {
  const server = createServer();
  const queue: Socket[] = [];
  const waiters: Array<(s: Socket) => void> = [];
  const all: Socket[] = [];
  server.on('connection', (s) => {
    all.push(s);
    const w = waiters.shift();
    if (w) w(s);
    else queue.push(s);
  });
  cleanup.push(() => {
    for (const s of all) s.destroy();
    return new Promise<void>((r) => server.close(() => r()));
  });
  return new Promise((resolve) =>
    server.listen(path, () =>
      resolve({ server, next: () => (queue.length ? Promise.resolve(queue.shift()!) : new Promise((r) => waiters.push(r))) }),
    ),
  );
}

describe('UnixConnectChannel', () => {
  it('connects, carries bytes both ways, and reconnects after the server drops it', async () => {
    const path = join(tempDir(), 'vdagent.sock');
    const { next } = await serve(path);
    const ch = new UnixConnectChannel({ method: 'unix-connect', path }, { initialRetryMs: 20 });
    ch.on('warning', () => {});
    cleanup.push(() => ch.close());
    const connected = once(ch, 'connect');
    await ch.open();
    await connected;
    const s1 = await next();
    const got = collector(s1);
    await ch.write(Buffer.from('hello'));
    expect((await got.until(5)).toString()).toBe('hello');
    const data = once<[Buffer]>(ch, 'data');
    s1.write('world');
    expect((await data)[0].toString()).toBe('world');

    const hung = once(ch, 'hangup');
    const again = once(ch, 'connect');
    s1.destroy();
    await hung;
    await expect(ch.write(Buffer.from('lost?'))).rejects.toThrow(/not connected/);
    await again;
    const s2 = await next();
    const got2 = collector(s2);
    await ch.write(Buffer.from('back'));
    expect((await got2.until(4)).toString()).toBe('back');
  });

  it('keeps retrying until the server appears', async () => {
    const path = join(tempDir(), 'late.sock');
    const ch = new UnixConnectChannel({ method: 'unix-connect', path }, { initialRetryMs: 20, maxRetryMs: 50 });
    cleanup.push(() => ch.close());
    const warning = once<[string]>(ch, 'warning');
    await ch.open();
    expect((await warning)[0]).toMatch(/cannot connect to .*late\.sock/);
    ch.on('warning', () => {});
    const connected = once(ch, 'connect');
    await serve(path);
    await connected;
  });
});
