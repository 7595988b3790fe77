import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OvirtHost } from './ovirt-host.js';

// A stand-in agent on a real UNIX socket: records what the host writes.
let dir: string;
let server: Server | undefined;
const sockets: Socket[] = [];
async function fakeAgent(): Promise<{ path: string; peer: Promise<Socket>; written: () => string }> {
  dir = mkdtempSync(join(tmpdir(), 'ovirt-sim-'));
  const path = join(dir, 'agent.sock');
  const chunks: Buffer[] = [];
  let resolvePeer!: (s: Socket) => void;
  const peer = new Promise<Socket>((r) => (resolvePeer = r));
  server = createServer((s) => {
    sockets.push(s);
    s.on('data', (c: Buffer) => chunks.push(c));
    resolvePeer(s);
  });
  await new Promise<void>((r) => server!.listen(path, r));
  return { path, peer, written: () => Buffer.concat(chunks).toString('latin1') };
}

afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
  rmSync(dir, { recursive: true, force: true });
});

describe('OvirtHost', () => {
  it('sends commands with VDSM key order and Python spacing', async () => {
    const agent = await fakeAgent();
    const host = await OvirtHost.connect(agent.path);
    const peer = await agent.peer;
    await host.refresh();
    await host.apiVersion(3);
    await host.send({ __name__: 'echo', foo: 'b\u00e4r', n: 1 });
    await host.sendRaw('garbage\n');
    await host.close();
    await new Promise((r) => peer.once('close', r));
    expect(agent.written()).toBe(
      '{"apiVersion": 3, "__name__": "refresh"}\n{"apiVersion": 3, "__name__": "api-version"}\n{"__name__": "echo", "foo": "b\\u00e4r", "n": 1}\ngarbage\n',
    );
  });

  it('receives messages in order with their exact bytes, reports dropped lines, filters like VDSM', async () => {
    const agent = await fakeAgent();
    const host = await OvirtHost.connect(agent.path);
    const peer = await agent.peer;
    peer.write('{"__name__": "heartbeat", "free-ram": "23677", "apiVersion": 0}\nnot json\n{"__name__": "os-version", "ver');
    peer.write('sion": "a\\u0001b"}\n');
    const first = await host.next();
    expect(first.message).toEqual({ __name__: 'heartbeat', 'free-ram': '23677', apiVersion: 0 });
    expect(first.bytes.toString()).toBe('{"__name__": "heartbeat", "free-ram": "23677", "apiVersion": 0}');
    expect((await host.next()).message).toEqual({ __name__: 'os-version', version: 'a\ufffdb' });
    expect(host.dropped.map((d) => d.reason)).toEqual(['invalid-json']);
    peer.end();
    await expect(host.next()).rejects.toThrow('the agent closed the channel');
    await host.close();
  });

  it('says what to do when nobody listens', async () => {
    await expect(OvirtHost.connect('/nonexistent/agent.sock')).rejects.toThrow(/start the agent/);
    dir = mkdtempSync(join(tmpdir(), 'ovirt-sim-'));
  });
});
