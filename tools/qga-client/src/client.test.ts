import { afterEach, describe, expect, it } from '@jest/globals';
import { QgaClient, QgaProtocolError, QgaTimeoutError } from './client.js';
import { FakeAgent, qemuLike } from './fake-agent.test-helper.js';
import { parseJson, type JsonObject } from './json-lite.js';

let agent: FakeAgent | undefined;
let client: QgaClient | undefined;

afterEach(async () => {
  await client?.close();
  await agent?.stop();
  client = undefined;
  agent = undefined;
});

async function startAgent(respond = qemuLike): Promise<FakeAgent> {
  agent = new FakeAgent(respond);
  await agent.start();
  return agent;
}

describe('delimited sync', () => {
  it('sends 0xFF then guest-sync-delimited with an int63 id written as an integer literal', async () => {
    const a = await startAgent();
    client = await QgaClient.connect(a.path);
    const sent = a.bytes();
    expect(sent[0]).toBe(0xff);
    const m = /^\{"execute":"guest-sync-delimited","arguments":\{"id":(\d+)\}\}\n$/.exec(sent.subarray(1).toString());
    expect(m).not.toBeNull();
    const id = BigInt(m![1]!);
    expect(id >= 0n && id < 2n ** 63n).toBe(true);
  });

  it('ignores the stray-0xFF error and stale replies of a previous client before the sync reply', async () => {
    const a = await startAgent();
    // What a previous client left in the pipe: a reply, a half line, an old delimited reply.
    a.onConnect = (s) => s.write('{"return": {}, "id": "old"}\n{"return": {"pi\xff{"return": 12}\n');
    client = await QgaClient.connect(a.path);
    const r = await client.execute('guest-ping', undefined, { id: 'new' });
    expect(r).toEqual({ return: {}, id: 'new' });
  });

  it('skips replies whose return is another sync id, even after the 0xFF', async () => {
    const a = await startAgent((req, sock, raw) => {
      if (req.execute === 'guest-sync-delimited') {
        sock.write(Buffer.from('\xff{"return": 1}\n{"return": 2}\ngarbage\n', 'latin1'));
      }
      qemuLike(req, sock, raw);
    });
    client = await QgaClient.connect(a.path);
    expect(await client.execute('guest-ping')).toEqual({ return: {} });
  });

  it('drops garbage with no newline that arrives before the 0xFF', async () => {
    const a = await startAgent((req, sock, raw) => {
      if (req.execute === 'guest-sync-delimited') sock.write('xxxxxxxxxxxx{"return": ');
      qemuLike(req, sock, raw);
    });
    client = await QgaClient.connect(a.path);
    expect(await client.execute('guest-ping', undefined, { id: 1n })).toEqual({ return: {}, id: 1n });
  });

  it('retries with a new id when the first sync gets no reply', async () => {
    let syncs = 0;
    const a = await startAgent((req, sock, raw) => {
      if (req.execute === 'guest-sync-delimited' && ++syncs === 1) return;
      qemuLike(req, sock, raw);
    });
    client = await QgaClient.connect(a.path, { syncTimeoutMs: 100 });
    expect(syncs).toBe(2);
    const ids = a.bytes().toString('latin1').match(/"id":(\d+)/g);
    expect(ids).toHaveLength(2);
    expect(ids![0]).not.toBe(ids![1]);
  });

  it('fails with a QgaTimeoutError when the agent never answers', async () => {
    const a = await startAgent(() => undefined);
    await expect(QgaClient.connect(a.path, { syncTimeoutMs: 50 })).rejects.toBeInstanceOf(QgaTimeoutError);
  });
});

describe('execute', () => {
  it('keeps int64 ids and return values exact', async () => {
    const a = await startAgent();
    client = await QgaClient.connect(a.path);
    const max = 2n ** 63n - 1n;
    expect(await client.execute('guest-ping', undefined, { id: max })).toEqual({ return: {}, id: max });
    expect(await client.execute('guest-sync', { id: max })).toEqual({ return: max });
    expect(a.bytes().toString()).toContain('{"execute":"guest-sync","arguments":{"id":9223372036854775807}}\n');
  });

  it('returns error replies as values', async () => {
    const a = await startAgent();
    client = await QgaClient.connect(a.path);
    expect(await client.execute('nope')).toEqual({
      error: { class: 'CommandNotFound', desc: 'The command nope has not been found' },
    });
  });

  it('treats a timeout of a no-success-response command as success', async () => {
    const a = await startAgent((req, sock, raw) => {
      if (req.execute !== 'guest-shutdown') qemuLike(req, sock, raw);
    });
    client = await QgaClient.connect(a.path);
    expect(await client.execute('guest-shutdown', { mode: 'powerdown' }, { timeoutMs: 50 })).toEqual({});
  });

  it('re-syncs after a timeout, discarding the late reply', async () => {
    let slow = true;
    const a = await startAgent((req, sock, raw) => {
      if (req.execute === 'guest-ping' && slow) {
        slow = false;
        setTimeout(() => sock.write('{"return": {}, "id": "late"}\n'), 100);
        return;
      }
      qemuLike(req, sock, raw);
    });
    client = await QgaClient.connect(a.path);
    await expect(client.execute('guest-ping', undefined, { id: 'late', timeoutMs: 30 })).rejects.toBeInstanceOf(QgaTimeoutError);
    await new Promise((r) => setTimeout(r, 150));
    expect(await client.execute('guest-ping', undefined, { id: 'fresh' })).toEqual({ return: {}, id: 'fresh' });
    const syncs = a.bytes().toString('latin1').match(/guest-sync-delimited/g);
    expect(syncs).toHaveLength(2);
  });

  it('fails with a QgaProtocolError when the agent closes the connection', async () => {
    const a = await startAgent((req, sock, raw) => {
      if (req.execute === 'guest-ping') sock.destroy();
      else qemuLike(req, sock, raw);
    });
    client = await QgaClient.connect(a.path);
    await expect(client.execute('guest-ping')).rejects.toBeInstanceOf(QgaProtocolError);
  });

  it('parses a multi-megabyte reply that arrives in many chunks', async () => {
    const big = 'A'.repeat(8 << 20);
    const a = await startAgent((req, sock, raw) => {
      if (req.execute === 'guest-file-read') sock.write(`{"return": {"count": 6291456, "buf-b64": "${big}", "eof": false}}\n`);
      else qemuLike(req, sock, raw);
    });
    client = await QgaClient.connect(a.path);
    const r = await client.execute('guest-file-read', { handle: 1000n, count: 6291456n });
    expect((r.return as JsonObject)['buf-b64']).toHaveLength(big.length);
    expect((r.return as JsonObject).count).toBe(6291456n);
  });
});

describe('libvirt-style sync', () => {
  it('sends plain guest-sync with a millisecond id, no 0xFF, and tolerates unparsable lines', async () => {
    const a = await startAgent((req, sock, raw) => {
      if (req.execute === 'guest-sync') sock.write('garbage from before\n{"return": 5}\n');
      qemuLike(req, sock, raw);
    });
    const before = Date.now();
    client = await QgaClient.connect(a.path, { sync: 'libvirt' });
    const sent = a.bytes().toString('latin1');
    expect(sent).not.toContain('\xff');
    const m = /^\{"execute":"guest-sync", "arguments":\{"id":(\d+)\}\}\n$/.exec(sent);
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThanOrEqual(before);
    expect(await client.execute('guest-ping')).toEqual({ return: {} });
  });
});

describe('executeRaw', () => {
  it('returns the reply bytes exactly, 0xFF prefix included', async () => {
    const a = await startAgent();
    client = await QgaClient.connect(a.path, { sync: 'none' });
    const raw = await client.executeRaw('{"execute":"guest-sync-delimited","arguments":{"id":7}}\n');
    expect(raw).toEqual(Buffer.from('\xff{"return": 7}\n', 'latin1'));
    expect(a.bytes()[0]).toBe(0x7b);
  });

  it('collects several lines or everything until quiet', async () => {
    const a = await startAgent();
    client = await QgaClient.connect(a.path, { sync: 'none' });
    const two = await client.executeRaw('{"execute":"guest-ping"}\n{"execute":"guest-ping","id":2}\n', { lines: 2 });
    expect(two.toString()).toBe('{"return": {}}\n{"return": {}, "id": 2}\n');
    const quiet = await client.executeRaw(Buffer.from('\xff{"execute":"guest-ping"}\n', 'latin1'), { quietMs: 50 });
    expect(quiet.toString().split('\n')).toHaveLength(3);
    expect(parseJson(quiet.toString().split('\n')[1]!)).toEqual({ return: {} });
  });
});
