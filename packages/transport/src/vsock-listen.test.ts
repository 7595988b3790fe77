import { afterEach, describe, expect, it } from '@jest/globals';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { VsockListenChannel, vsockPeerAllowed } from './vsock-listen.js';
import { listenOn, type ListenSocket } from './native/listen-socket.js';
import { AF_UNIX, encodeSockaddrUn, encodeSockaddrVm } from '@ga/native/sockaddr';
import { collector, connectClient, once, tempDir } from './test-util/net.js';

// This machine's kernel has no vsock_loopback (modprobe fails), so the libc
// listener is exercised on AF_UNIX with the same code (poll/accept4/fs.read/
// fs.write/shutdown); AF_VSOCK itself is proven in tools/vm's guest.
const channels: VsockListenChannel[] = [];
const clients: Socket[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const ch of channels.splice(0)) await ch.close();
});

/** A real listener whose accepted peers are reported as the given vsock CIDs. */
function unixListenerAs(path: string, cids: number[] | undefined): () => Promise<ListenSocket> {
  return async () => {
    const real = listenOn(AF_UNIX, encodeSockaddrUn(path));
    if (!cids) return real;
    return {
      fd: real.fd,
      accept: async () => ({ ...(await real.accept()), peer: encodeSockaddrVm(cids.shift() ?? 2, 5000) }),
      cancel: () => real.cancel(),
      close: () => real.close(),
    };
  };
}

async function start(cids?: number[], opts: { writeTimeoutMs?: number; maxQueuedBytes?: number } = {}) {
  const path = join(tempDir(), 'vsock-standin.sock');
  const ch = new VsockListenChannel(
    { method: 'vsock-listen', cid: 0xffffffff, port: 5000, allowAnyCid: cids === undefined },
    { listen: unixListenerAs(path, cids), ...opts },
  );
  channels.push(ch);
  await ch.open();
  return { ch, path };
}

async function client(path: string): Promise<Socket> {
  const s = await connectClient(path);
  clients.push(s);
  return s;
}

describe('VsockListenChannel (libc listener, AF_UNIX stand-in)', () => {
  it('carries bytes both ways, one client at a time, and rejects writes once the client is gone', async () => {
    const { ch, path } = await start();
    ch.on('warning', () => {});
    const connected = once(ch, 'connect');
    const a = await client(path);
    await connected;
    const got = collector(a);
    const data = once<[Buffer]>(ch, 'data');
    a.write('{"execute":"guest-info"}');
    expect((await data)[0].toString()).toBe('{"execute":"guest-info"}');
    await ch.write(Buffer.from('{"return": {}}\n'));
    expect((await got.until(15)).toString()).toBe('{"return": {}}\n');

    const b = await client(path); // waits in the backlog
    b.write('queued');
    const hung = once(ch, 'hangup');
    const next = once(ch, 'connect');
    a.end();
    await hung;
    await expect(ch.write(Buffer.from('late'))).rejects.toThrow(/no client connected|disconnected/);
    await next;
    const bData: Buffer[] = [];
    ch.on('data', (c) => bData.push(c));
    while (Buffer.concat(bData).length < 6) await once(ch, 'data');
    expect(Buffer.concat(bData).toString()).toBe('queued');
  });

  it('refuses peers other than CID 2 unless allowAnyCid', async () => {
    const { ch, path } = await start([3, 2]);
    const warning = once<[string]>(ch, 'warning');
    const intruder = await client(path);
    const intruderGot = collector(intruder);
    expect((await warning)[0]).toMatch(/refused vsock peer CID 3/);
    await intruderGot.ended;
    const connected = once(ch, 'connect');
    const host = await client(path);
    await connected;
    const got = collector(host);
    await ch.write(Buffer.from('hi host'));
    expect((await got.until(7)).toString()).toBe('hi host');
  });

  it('drops a client that stops reading and serves the next', async () => {
    const { ch, path } = await start(undefined, { writeTimeoutMs: 200 });
    ch.on('warning', () => {});
    const connected = once(ch, 'connect');
    const a = await client(path);
    a.pause();
    await connected;
    const hung = once(ch, 'hangup');
    await expect(ch.write(Buffer.alloc(16 * 1024 * 1024, 1))).rejects.toThrow(/timed out|disconnected/);
    await hung;
    const next = once(ch, 'connect');
    const b = await client(path);
    await next;
    const got = collector(b);
    await ch.write(Buffer.from('ok'));
    expect((await got.until(2)).toString()).toBe('ok');
  });

  it('close() wakes a pending accept and a pending read', async () => {
    const idle = await start();
    await idle.ch.close(); // accept pending in poll()
    const { ch, path } = await start();
    const connected = once(ch, 'connect');
    const a = await client(path);
    const got = collector(a);
    await connected;
    await ch.close(); // read pending on the connected fd
    await got.ended;
  });
});

describe('vsock peer check', () => {
  it('accepts only the host CID unless allowAnyCid', () => {
    expect(vsockPeerAllowed(encodeSockaddrVm(2, 99))).toBe(true);
    expect(vsockPeerAllowed(encodeSockaddrVm(3, 99))).toBe(false);
    expect(vsockPeerAllowed(encodeSockaddrVm(1, 99))).toBe(false);
    expect(vsockPeerAllowed(encodeSockaddrUn('/x'))).toBe(false);
    expect(vsockPeerAllowed(encodeSockaddrVm(3, 99), true)).toBe(true);
  });
});
