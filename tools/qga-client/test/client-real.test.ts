// The client against Debian's qemu-ga 7.2: the situations sync exists for
// (qemu-ga.md §1.6) reproduced on the real agent.
import { createConnection } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { QgaClient } from '../src/client.js';
import { RealAgent } from './real-agent.js';

let agent: RealAgent;
let client: QgaClient | undefined;

beforeEach(async () => {
  agent = new RealAgent();
  await agent.start();
});
afterEach(async () => {
  await client?.close();
  client = undefined;
  await agent.stop();
});

async function connect(sync: 'delimited' | 'libvirt' | 'none'): Promise<QgaClient> {
  for (let i = 0; ; i++) {
    try {
      return await QgaClient.connect(agent.sock, { sync });
    } catch (e) {
      if (i > 100 || !/ECONNREFUSED/.test((e as Error).message)) throw e;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

/** A previous host client that leaves half a request in qemu-ga's shared parser. */
async function leaveHalfRequest(): Promise<void> {
  const c = await connect('none');
  await c.executeRaw('{"execute":"guest-info","arguments":{"x":[1,', { lines: 0 });
  await c.close();
}

describe('QgaClient against qemu-ga 7.2', () => {
  it('delimited sync recovers from a half request left by a previous client', async () => {
    await leaveHalfRequest();
    client = await connect('delimited');
    expect(await client.execute('guest-ping', undefined, { id: 'after' })).toEqual({ return: {}, id: 'after' });
  });

  it('without a sync the same leftover garbles the first request (why hosts sync)', async () => {
    await leaveHalfRequest();
    client = await connect('none');
    const raw = await client.executeRaw('{"execute":"guest-ping","id":"x"}', { quietMs: 500 });
    expect(raw.toString()).not.toContain('"id": "x"');
  });

  it('libvirt-style sync works on a clean agent and keeps int64 exact', async () => {
    client = await connect('libvirt');
    const max = 2n ** 63n - 1n;
    expect(await client.execute('guest-sync', { id: max })).toEqual({ return: max });
    expect(await client.execute('guest-ping', undefined, { id: max })).toEqual({ return: {}, id: max });
  });

  it('skips the stale replies of a client that did not read them', async () => {
    const old = await connect('none');
    await old.executeRaw('{"execute":"guest-ping","id":"stale"}{"execute":"guest-ping","id":"stale"}', { lines: 2 });
    await old.close();
    client = await connect('delimited');
    expect(await client.execute('guest-ping', undefined, { id: 'fresh' })).toEqual({ return: {}, id: 'fresh' });
  });

  it('returns errors as values and treats no-reply commands by their error path', async () => {
    client = await connect('delimited');
    expect(await client.execute('guest-shutdown', { mode: 'bogus' })).toEqual({
      error: { class: 'GenericError', desc: 'mode is invalid (valid values are: halt|powerdown|reboot' },
    });
    expect((await client.execute('nope')).error?.class).toBe('CommandNotFound');
  });

  it('executeRaw shows the 0xFF of guest-sync-delimited', async () => {
    client = await connect('none');
    const raw = await client.executeRaw('{"execute":"guest-sync-delimited","arguments":{"id":7}}');
    expect(raw).toEqual(Buffer.from('\xff{"return": 7}\n', 'latin1'));
  });

  it('socket option: adopts an already connected net.Socket', async () => {
    const sock = createConnection(agent.sock);
    await new Promise((r, j) => sock.once('connect', r).once('error', j));
    client = await QgaClient.connect(sock);
    expect(await client.execute('guest-ping')).toEqual({ return: {} });
  });
});
