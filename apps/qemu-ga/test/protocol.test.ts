import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { E2E_TIMEOUT_MS, startAgent } from './helpers/agent.js';
import type { Agent } from './helpers/agent.js';

describe('qemu-ga bundle on unix-listen: wire protocol', () => {
  let agent: Agent;
  beforeAll(async () => {
    agent = await startAgent();
  }, E2E_TIMEOUT_MS);
  afterAll(() => agent.cleanup());

  it('answers ping without a trailing newline and echoes ids verbatim', async () => {
    const c = await agent.connect();
    expect(await c.request('{"execute":"guest-ping"}')).toEqual(['{"return": {}}']);
    expect(await c.request('{"execute":"guest-ping","id":{"a":[1,2]}}')).toEqual(['{"return": {}, "id": {"a": [1, 2]}}']);
    expect(await c.request("{'execute':'guest-ping','id':'sq'}")).toEqual(['{"return": {}, "id": "sq"}']);
    await c.close();
  }, E2E_TIMEOUT_MS);

  it('answers every request of a client that half-closes right after sending (socat with a file on stdin)', () => {
    if (spawnSync('socat', ['-V']).error) throw new Error('socat is missing: run "apt-get install -y socat"');
    const input = '{"execute":"guest-ping","id":1}{"execute":"guest-get-osinfo","id":2}{"execute":"guest-get-fsinfo","id":3}{"execute":"guest-ping","id":4}';
    // -t 30: socat would wait that long for our side to close after its stdin ended; we close once the replies are out.
    const r = spawnSync('socat', ['-t', '30', '-', `UNIX-CONNECT:${agent.sock}`], { input, encoding: 'latin1', timeout: 20_000 });
    expect(r.status).toBe(0);
    const ids = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => (JSON.parse(l) as { id: number }).id);
    expect(ids).toEqual([1, 2, 3, 4]);
  }, E2E_TIMEOUT_MS);

  it('answers two requests in one write in order, and a request split across writes', async () => {
    const c = await agent.connect();
    expect(await c.request('{"execute":"guest-ping"}{"execute":"guest-ping","id":2}', 2)).toEqual(['{"return": {}}', '{"return": {}, "id": 2}']);
    const p = c.readLines(1);
    c.send('{"execute":');
    await new Promise((r) => setImmediate(r));
    c.send('"guest-ping","id":"split"}');
    expect((await p).toString()).toBe('{"return": {}, "id": "split"}\n');
    await c.close();
  }, E2E_TIMEOUT_MS);

  it('syncs: guest-sync echoes int64 ids losslessly, guest-sync-delimited prefixes 0xFF', async () => {
    const c = await agent.connect();
    expect(await c.request('{"execute":"guest-sync","arguments":{"id":9223372036854775807}}')).toEqual(['{"return": 9223372036854775807}']);
    const p = c.readLines(1);
    c.send('{"execute":"guest-sync-delimited","arguments":{"id":7}}');
    expect(await p).toEqual(Buffer.from('\xff{"return": 7}\n', 'latin1'));
    await c.close();
  }, E2E_TIMEOUT_MS);

  it('a 0xFF reset before guest-sync-delimited yields a parse error, then the delimited reply', async () => {
    const c = await agent.connect();
    const p = c.readLines(2);
    c.send(Buffer.concat([Buffer.from([0xff]), Buffer.from('{"execute":"guest-sync-delimited","arguments":{"id":99}}')]));
    const out = (await p).toString('latin1');
    expect(out).toBe('{"error": {"class": "GenericError", "desc": "JSON parse error, stray \'\\uFFFD\'"}}\n\xff{"return": 99}\n');
    await c.close();
  }, E2E_TIMEOUT_MS);

  it('reports parse errors and request errors with qemu-ga texts', async () => {
    const c = await agent.connect();
    expect(await c.request('garbage\n')).toEqual([`{"error": {"class": "GenericError", "desc": "JSON parse error, invalid keyword 'garbage'"}}`]);
    expect(await c.request('[1,2]')).toEqual(['{"error": {"class": "GenericError", "desc": "QMP input must be a JSON object"}}']);
    expect(await c.request('{"execute":"nope","id":5}')).toEqual([
      '{"id": 5, "error": {"class": "CommandNotFound", "desc": "The command nope has not been found"}}',
    ]);
    expect(await c.request('{"execute":"guest-sync","arguments":{"id":"x"}}')).toEqual([
      `{"error": {"class": "GenericError", "desc": "Invalid parameter type for 'id', expected: integer"}}`,
    ]);
    expect(await c.request('{"execute":"guest-ping","id":"h\u00e9llo \u2713"}')).toEqual(['{"return": {}, "id": "h\\u00E9llo \\u2713"}']);
    await c.close();
  }, E2E_TIMEOUT_MS);

  it('resets the parser for a new client (a half request of a departed client is dropped)', async () => {
    const c1 = await agent.connect();
    c1.send('{"execute":"guest-pi');
    await c1.close();
    const c2 = await agent.connect();
    expect(await c2.request('{"execute":"guest-ping","id":"fresh"}')).toEqual(['{"return": {}, "id": "fresh"}']);
    await c2.close();
  }, E2E_TIMEOUT_MS);

  it('guest-info lists the 43 Linux commands with version 10.1.0', async () => {
    const c = await agent.connect();
    const [line] = await c.request('{"execute":"guest-info"}');
    const info = JSON.parse(line!).return as { version: string; supported_commands: { name: string; enabled: boolean; 'success-response': boolean }[] };
    expect(info.version).toBe('10.1.0');
    expect(info.supported_commands).toHaveLength(43);
    expect(info.supported_commands.find((x) => x.name === 'guest-shutdown')).toEqual({ name: 'guest-shutdown', enabled: true, 'success-response': false });
    await c.close();
  }, E2E_TIMEOUT_MS);

  it('exits 0 on SIGTERM', async () => {
    expect(await agent.stop()).toBe(0);
  }, E2E_TIMEOUT_MS);
});
