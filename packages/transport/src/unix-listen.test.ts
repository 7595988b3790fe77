import { afterEach, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { createServer, type Socket } from 'node:net';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UnixListenChannel } from './unix-listen.js';
import { socketCalls as libc } from '@ga/native/socket-calls';
import { AF_UNIX, encodeSockaddrUn } from '@ga/native/sockaddr';
import { bundleScript } from './test-util/bundle.js';
import { collector, connectClient, once, tempDir } from './test-util/net.js';

const open: UnixListenChannel[] = [];
const clients: Socket[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const ch of open.splice(0)) await ch.close();
});

async function listen(opts: ConstructorParameters<typeof UnixListenChannel>[1] = {}): Promise<{ ch: UnixListenChannel; path: string }> {
  const path = join(tempDir(), 'qga.sock');
  const ch = new UnixListenChannel({ method: 'unix-listen', path }, opts);
  open.push(ch);
  ch.on('warning', () => {});
  await ch.open();
  return { ch, path };
}

async function client(path: string): Promise<Socket> {
  const s = await connectClient(path);
  clients.push(s);
  return s;
}

describe('UnixListenChannel', () => {
  it('keeps a half-closed client for replies until the eof listener finishes it; without a listener it closes', async () => {
    const { ch, path } = await listen();
    let finish: (() => void) | undefined;
    ch.on('eof', (f) => (finish = f));
    const connected = once(ch, 'connect');
    const s = await client(path);
    const got = collector(s);
    const ended = new Promise<void>((r) => s.once('end', () => r()));
    await connected;
    const eof = once(ch, 'eof');
    s.end('{"execute":"guest-ping"}'); // shutdown(SHUT_WR) after the request, like socat at the end of stdin
    await eof;
    await new Promise((r) => setTimeout(r, 50));
    await ch.write(Buffer.from('{"return": {}}\n')); // a reply computed after the client's EOF
    finish!();
    await ended;
    expect((await got.until(15)).toString()).toBe('{"return": {}}\n');

    ch.removeAllListeners('eof');
    const second = await client(path);
    const hung = once(ch, 'hangup');
    second.end();
    await hung;
  });

  it('carries bytes both ways and reports connect/hangup', async () => {
    const { ch, path } = await listen();
    const connected = once(ch, 'connect');
    const s = await client(path);
    const got = collector(s);
    await connected;
    const data = once<[Buffer]>(ch, 'data');
    s.write('{"execute":"guest-ping"}');
    expect((await data)[0].toString()).toBe('{"execute":"guest-ping"}');
    await ch.write(Buffer.from('{"return": {}}\n'));
    expect((await got.until(15)).toString()).toBe('{"return": {}}\n');
    const hung = once(ch, 'hangup');
    s.end();
    await hung;
    await expect(ch.write(Buffer.from('x'))).rejects.toThrow(/no client connected/);
  });

  it('sends the writes of one tick together: one promise for up to 64 KiB, every byte in order', async () => {
    const { ch, path } = await listen();
    const connected = once(ch, 'connect');
    const s = await client(path);
    const got = collector(s);
    await connected;
    const lines = Array.from({ length: 10_000 }, (_, i) => Buffer.from(`{"return": {}, "id": ${i}}\n`));
    const done = lines.map((l) => ch.write(l));
    const total = lines.reduce((n, l) => n + l.length, 0);
    expect(new Set(done).size).toBe(Math.ceil(total / (64 * 1024)));
    await Promise.all(done);
    expect((await got.until(total)).equals(Buffer.concat(lines))).toBe(true);
    // A later tick starts a new batch.
    const later = ch.write(Buffer.from('x'));
    expect(done).not.toContain(later);
    await later;
  });

  it('serves one client at a time; the next one is served, with what it already sent, after the first leaves', async () => {
    const { ch, path } = await listen();
    const received: string[] = [];
    const events: string[] = [];
    ch.on('data', (b) => received.push(b.toString()));
    ch.on('connect', () => events.push('connect'));
    ch.on('hangup', () => events.push('hangup'));
    const firstConnected = once(ch, 'connect');
    const first = await client(path);
    await firstConnected;
    const second = await client(path);
    const secondGot = collector(second);
    second.write('from-second');
    first.write('from-first');
    await once(ch, 'data');
    expect(received).toEqual(['from-first']);
    first.end();
    await once(ch, 'data');
    expect(received).toEqual(['from-first', 'from-second']);
    expect(events).toEqual(['connect', 'hangup', 'connect']);
    await ch.write(Buffer.from('to-second'));
    expect((await secondGot.until(9)).toString()).toBe('to-second');
  });

  it('a client reset (ECONNRESET) ends that client only', async () => {
    const { ch, path } = await listen();
    const aConnected = once(ch, 'connect');
    const a = await client(path);
    await aConnected;
    // Closing a unix socket with unread data makes the peer's next read fail
    // with ECONNRESET: the case that made qemu-ga exit (qemu-ga.md §1.8).
    a.pause();
    await ch.write(Buffer.from('unread reply'));
    const hung = once(ch, 'hangup');
    const warnings: string[] = [];
    ch.on('warning', (w) => warnings.push(w));
    a.destroy();
    await hung;
    expect(warnings.join('\n')).toMatch(/ECONNRESET/);
    const bConnected = once(ch, 'connect');
    const b = await client(path);
    await bConnected;
    const got = collector(b);
    await ch.write(Buffer.from('still here'));
    expect((await got.until(10)).toString()).toBe('still here');
  });

  it('drops a client that stops reading (queue bound) and serves the next', async () => {
    const { ch, path } = await listen({ maxQueuedBytes: 1024 * 1024, writeTimeoutMs: 0 });
    const aConnected = once(ch, 'connect');
    const a = await client(path);
    a.pause();
    await aConnected;
    const warning = once<[string]>(ch, 'warning');
    const big = Buffer.alloc(256 * 1024, 0x61);
    const writes: Promise<void>[] = [];
    let rejected: unknown;
    for (let i = 0; i < 64 && rejected === undefined; i++) {
      const p = ch.write(big);
      p.catch((e: unknown) => (rejected ??= e));
      writes.push(p);
      await new Promise((r) => setImmediate(r));
    }
    expect(String(rejected)).toMatch(/client not reading/);
    expect((await warning)[0]).toMatch(/client not reading/);
    const bConnected = once(ch, 'connect');
    const b = await client(path);
    await bConnected;
    const got = collector(b);
    await ch.write(Buffer.from('next'));
    expect((await got.until(4)).toString()).toBe('next');
    const results = await Promise.allSettled(writes);
    expect(results.some((r) => r.status === 'rejected')).toBe(true);
  });

  it('drops a client whose output makes no progress within the write timeout', async () => {
    const { ch, path } = await listen({ writeTimeoutMs: 200 });
    const aConnected = once(ch, 'connect');
    const a = await client(path);
    a.pause();
    await aConnected;
    const hung = once(ch, 'hangup');
    const p = ch.write(Buffer.alloc(32 * 1024 * 1024, 0x62));
    await expect(p).rejects.toThrow(/write timed out|disconnected/);
    await hung;
  });

  it('caps the clients waiting in line', async () => {
    const { ch, path } = await listen({ maxWaiting: 1 });
    const connected = once(ch, 'connect');
    await client(path);
    await connected;
    await client(path); // waits
    const warning = once<[string]>(ch, 'warning');
    const third = await client(path);
    const thirdGot = collector(third);
    expect((await warning)[0]).toMatch(/too many clients waiting/);
    await thirdGot.ended;
  });

  it('replaces a stale socket file but refuses a live one or a non-socket', async () => {
    const dir = tempDir();
    const path = join(dir, 'stale.sock');
    const old = createServer();
    await new Promise<void>((r) => old.listen(path, r));
    const live = new UnixListenChannel({ method: 'unix-listen', path });
    await expect(live.open()).rejects.toThrow(/another process is listening on .* stop it first/);
    // Closing a Node server unlinks nothing when we take the fd away first; simulate a crash: leave the file.
    await new Promise<void>((r) => old.close(() => r()));
    if (!existsSync(path)) {
      const keep = createServer();
      await new Promise<void>((r) => keep.listen(path, r));
      (keep as unknown as { _handle: { close: () => void } })._handle.close();
    }
    const ch = new UnixListenChannel({ method: 'unix-listen', path });
    open.push(ch);
    await ch.open();
    const notSock = join(dir, 'file');
    writeFileSync(notSock, 'x');
    await expect(new UnixListenChannel({ method: 'unix-listen', path: notSock }).open()).rejects.toThrow(/not a socket/);
  });

  it('works with a socket-activated fd (LISTEN_FDS=1, fd 3, LISTEN_PID of the service)', async () => {
    const dir = tempDir();
    const path = join(dir, 'activated.sock');
    // A bare listening socket nobody in this process accepts on, as systemd holds it.
    const c = libc();
    const fd = c.socket(AF_UNIX, 1, 0);
    const addr = encodeSockaddrUn(path);
    expect(c.bind(fd, addr, addr.length)).toBe(0);
    expect(c.listen(fd, 4)).toBe(0);
    const script = bundleScript(
      'activated',
      `import { listenFdFromEnv, activatedChannelSpec } from './activation.ts';
       import { openChannel } from './open.ts';
       const fd = listenFdFromEnv();
       if (fd === undefined) { console.log('not activated'); process.exit(3); }
       const spec = await activatedChannelSpec(fd);
       const ch = await openChannel(spec);
       ch.on('data', (b) => void ch.write(Buffer.from(b.toString().toUpperCase())));
       console.log('ready ' + spec.method + ' ' + spec.path + ' ' + (process.env.LISTEN_FDS ?? 'unset'));`,
    );
    // exec keeps the shell's pid, so LISTEN_PID=$$ names the node process, as systemd does.
    const child = spawn('sh', ['-c', `LISTEN_PID=$$ LISTEN_FDS=1 exec "${process.execPath}" "${script}"`], {
      stdio: ['ignore', 'pipe', 'inherit', fd],
    });
    try {
      const line = await new Promise<string>((resolve) => child.stdout!.once('data', (b: Buffer) => resolve(b.toString())));
      expect(line.trim()).toBe(`ready unix-listen ${path} unset`);
      const s = await client(path);
      const got = collector(s);
      s.write('ping');
      expect((await got.until(4)).toString()).toBe('PING');
    } finally {
      child.kill();
      c.close(fd);
    }
  });
});

describe('listen failure hints', () => {
  it('names a missing directory instead of blaming permissions, and never tells root to run as root', async () => {
    const { listenHint } = await import('./unix-listen.js');
    expect(listenHint('/nonexistent-ga-dir/x.sock', 'EACCES', true)).toBe(': the directory /nonexistent-ga-dir does not exist: create it first (mkdir -p /nonexistent-ga-dir)');
    expect(listenHint('/tmp/x.sock', 'EACCES', true)).toBe(': check the permissions and mount options of /tmp');
    expect(listenHint('/tmp/x.sock', 'EACCES', false)).toBe(': check the permissions of /tmp or run as root');
    expect(listenHint('/tmp/x.sock', 'EADDRINUSE', false)).toBe('');
  });
});
