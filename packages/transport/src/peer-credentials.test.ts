import { afterEach, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import { chmodSync, closeSync, openSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { connectClient, tempDir } from './test-util/net.js';
import { peerCredentials } from './peer-credentials.js';

/** A UNIX socket server that hands each accepted socket to `next()`. */
async function server(): Promise<{ path: string; srv: Server; next: () => Promise<Socket> }> {
  const path = join(tempDir(), 'peer.sock');
  const queue: Socket[] = [];
  const waiters: Array<(s: Socket) => void> = [];
  const srv = createServer((s) => {
    s.on('error', () => {});
    const w = waiters.shift();
    if (w) w(s);
    else queue.push(s);
  });
  await new Promise<void>((resolve) => srv.listen(path, resolve));
  const next = () => new Promise<Socket>((resolve) => {
    const s = queue.shift();
    if (s) resolve(s);
    else waiters.push(resolve);
  });
  return { path, srv, next };
}

const cleanup: Array<() => void> = [];
afterEach(() => {
  for (const f of cleanup.splice(0)) f();
});

describe('peerCredentials', () => {
  it('reports this process for a client in the same process', async () => {
    const { path, srv, next } = await server();
    cleanup.push(() => srv.close());
    const client = await connectClient(path);
    cleanup.push(() => client.destroy());
    const accepted = await next();
    expect(peerCredentials(accepted)).toEqual({ pid: process.pid, uid: process.getuid!(), gid: process.getgid!() });
    // The client side sees the server, which is also us.
    expect(peerCredentials(client).pid).toBe(process.pid);
  });

  it('reports the pid, uid and gid of a client in a child process', async () => {
    const { path, srv, next } = await server();
    cleanup.push(() => srv.close());
    // As root, the child runs as nobody so that uid/gid differ from ours.
    const asNobody = process.getuid!() === 0 ? { uid: 65534, gid: 65534 } : {};
    if (asNobody.uid !== undefined) {
      chmodSync(dirname(path), 0o755);
      chmodSync(path, 0o777);
    }
    // The child prints its own credentials once connected and stays until stdin closes.
    const child = spawn(process.execPath, ['-e', `
      const s = require('node:net').connect(${JSON.stringify(path)}, () => {
        console.log(JSON.stringify({ pid: process.pid, uid: process.getuid(), gid: process.getgid() }));
      });
      process.stdin.on('end', () => s.end()).resume();`], { stdio: ['pipe', 'pipe', 'inherit'], ...asNobody });
    cleanup.push(() => child.kill());
    let out = '';
    const said = new Promise<{ pid: number; uid: number; gid: number }>((resolve) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) resolve(JSON.parse(out) as { pid: number; uid: number; gid: number });
      });
    });
    const accepted = await next();
    const own = await said;
    expect(own.pid).toBe(child.pid);
    if (asNobody.uid !== undefined) expect(own).toMatchObject(asNobody);
    expect(peerCredentials(accepted)).toEqual(own);
    child.stdin.end();
    await new Promise((resolve) => child.once('exit', resolve));
  });

  it('throws a clear error for a socket without a file descriptor', async () => {
    const { path, srv, next } = await server();
    cleanup.push(() => srv.close());
    const client = await connectClient(path);
    const accepted = await next();
    accepted.destroy();
    client.destroy();
    expect(() => peerCredentials(accepted)).toThrow(/has no file descriptor/);
  });

  it('throws ENOTSOCK for an fd that is not a socket', () => {
    const fd = openSync(join(tempDir(), 'plain'), 'w');
    cleanup.push(() => closeSync(fd));
    const fake = { _handle: { fd } } as unknown as Socket;
    expect(() => peerCredentials(fake)).toThrow(expect.objectContaining({ code: 'ENOTSOCK' }));
  });
});
