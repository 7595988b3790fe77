import { describe, expect, it } from '@jest/globals';
import { Dispatcher } from './dispatcher.js';
import { createHandlers } from '../commands/index.js';
import type { Handlers } from '../handlers.js';
import { QgaError } from '../errors.js';
import { Base64Blob } from '../reply/base64-blob.js';
import { encodeJson } from '@ga/framing/json-encode';
import { fakeContext } from '../__fixtures__/fake-context.js';
import type { AgentConfig } from '../context.js';

function setup(config: Partial<AgentConfig> = {}, override: Partial<Handlers> = {}) {
  const ctx = fakeContext(config);
  const out: Buffer[] = [];
  const calls: string[] = [];
  const handlers = { ...createHandlers(), ...override } as Handlers;
  const d = new Dispatcher({
    handlers,
    ctx,
    encode: encodeJson,
    write: async (b) => {
      out.push(Buffer.from(b));
    },
  });
  const send = async (...values: unknown[]): Promise<string> => {
    out.length = 0;
    for (const v of values) d.onValue(v);
    await d.idle();
    return Buffer.concat(out).toString('latin1');
  };
  return { ctx, d, out, send, calls };
}

// Member order is QDict order, as qemu-ga prints it: errors put "id" first.
const err = (cls: string, desc: string, id?: string) =>
  `{${id === undefined ? '' : `"id": ${id}, `}"error": {"class": "${cls}", "desc": "${desc}"}}\n`;

describe('dispatcher (qemu-ga.md §8)', () => {
  it('1/3/4: ping, with any id echoed verbatim', async () => {
    const { send } = setup();
    expect(await send({ execute: 'guest-ping' })).toBe('{"return": {}}\n');
    expect(await send({ execute: 'guest-ping', id: 'abc' })).toBe('{"return": {}, "id": "abc"}\n');
    expect(await send({ execute: 'guest-ping', id: { a: [1n, 2n] } })).toBe('{"return": {}, "id": {"a": [1, 2]}}\n');
    expect(await send({ execute: 'guest-ping', id: null })).toBe('{"return": {}, "id": null}\n');
  });

  it('6: several requests are answered in order, one reply each', async () => {
    const { send } = setup();
    expect(await send({ execute: 'guest-ping' }, { execute: 'guest-ping', id: 2n })).toBe('{"return": {}}\n{"return": {}, "id": 2}\n');
  });

  it('answers a long burst in order, also while more requests arrive during it (queue compaction)', async () => {
    const { d, out } = setup();
    for (let i = 0; i < 6000; i++) d.onValue({ execute: 'guest-sync', arguments: { id: BigInt(i) } });
    // More requests while the first burst is being answered.
    await Promise.resolve();
    for (let i = 6000; i < 10000; i++) d.onValue({ execute: 'guest-sync', arguments: { id: BigInt(i) } });
    await d.idle();
    const ids = Buffer.concat(out).toString('latin1').trimEnd().split('\n').map((l) => Number(/"return": (\d+)/.exec(l)![1]));
    expect(ids).toEqual(Array.from({ length: 10000 }, (_, i) => i));
  });

  it('8/9: unknown command', async () => {
    const { send } = setup();
    expect(await send({ execute: 'nope' })).toBe(err('CommandNotFound', 'The command nope has not been found'));
    expect(await send({ execute: 'nope', id: 5n })).toBe(err('CommandNotFound', 'The command nope has not been found', '5'));
    expect(await send({ execute: 'guest-get-devices' })).toBe(err('CommandNotFound', 'The command guest-get-devices has not been found'));
  });

  it('10-12: argument errors', async () => {
    const { send } = setup();
    expect(await send({ execute: 'guest-sync' })).toBe(err('GenericError', "Parameter 'id' is missing"));
    expect(await send({ execute: 'guest-sync', arguments: { id: 'x' } })).toBe(
      err('GenericError', "Invalid parameter type for 'id', expected: integer"),
    );
    expect(await send({ execute: 'guest-ping', arguments: { x: 1n } })).toBe(err('GenericError', "Parameter 'x' is unexpected"));
  });

  it('13-16: request shape errors', async () => {
    const { send } = setup();
    expect(await send({ execute: 'guest-ping', arguments: [] })).toBe(err('GenericError', "QMP input member 'arguments' must be an object"));
    expect(await send({ execute: 1n })).toBe(err('GenericError', "QMP input member 'execute' must be a string"));
    expect(await send({ execute: 'guest-ping', foo: 1n })).toBe(err('GenericError', "QMP input member 'foo' is unexpected"));
    expect(await send({ 'exec-oob': 'guest-ping' })).toBe(err('GenericError', "QMP input member 'exec-oob' is unexpected"));
    expect(await send([1n, 2n])).toBe(err('GenericError', 'QMP input must be a JSON object'));
    expect(await send('str')).toBe(err('GenericError', 'QMP input must be a JSON object'));
    expect(await send({ id: 1n })).toBe(err('GenericError', "QMP input lacks member 'execute'", '1'));
    expect(await send({ execute: 1n, id: 'k' })).toBe(err('GenericError', "QMP input member 'execute' must be a string", '"k"'));
  });

  it('parse errors become GenericError replies without id, in order with other replies', async () => {
    const { d, out } = setup();
    d.onValue({ execute: 'guest-ping', id: 1n });
    d.onParseError(new Error("JSON parse error, invalid keyword 'garbage'"));
    d.onValue({ execute: 'guest-ping', id: 2n });
    await d.idle();
    expect(Buffer.concat(out).toString()).toBe(
      `{"return": {}, "id": 1}\n${err('GenericError', "JSON parse error, invalid keyword 'garbage'")}{"return": {}, "id": 2}\n`,
    );
  });

  it('23-25/28: guest-sync and guest-sync-delimited', async () => {
    const { send } = setup();
    expect(await send({ execute: 'guest-sync', arguments: { id: 123n } })).toBe('{"return": 123}\n');
    expect(await send({ execute: 'guest-sync', arguments: { id: 2n ** 63n - 1n } })).toBe('{"return": 9223372036854775807}\n');
    expect(await send({ execute: 'guest-sync-delimited', arguments: { id: 7n } })).toBe('\xff{"return": 7}\n');
    expect(await send({ execute: 'guest-sync-delimited', arguments: { id: 1n }, id: 'd' })).toBe('\xff{"return": 1, "id": "d"}\n');
    expect(await send({ execute: 'guest-sync-delimited', arguments: { id: 'x' } })).toBe(
      err('GenericError', "Invalid parameter type for 'id', expected: integer"),
    );
  });

  it('29: guest-info lists the Linux build with success-response flags', async () => {
    const { send } = setup();
    const reply = await send({ execute: 'guest-info' });
    expect(reply).toContain('"version": "10.1.0"');
    expect(reply).toContain('{"enabled": true, "name": "guest-shutdown", "success-response": false}');
    expect(reply).toContain('{"enabled": true, "name": "guest-suspend-ram", "success-response": false}');
    expect(reply).toContain('{"enabled": true, "name": "guest-ping", "success-response": true}');
    expect(reply).not.toContain('guest-get-devices');
    expect(reply.match(/"name"/g)).toHaveLength(43);
  });

  it('64: while frozen only the fs-frozen commands are enabled', async () => {
    const { send, ctx } = setup();
    ctx.frozen.frozen = true;
    expect(await send({ execute: 'guest-get-time' })).toBe(
      err('CommandNotFound', 'Command guest-get-time has been disabled: the agent is in frozen state'),
    );
    const info = await send({ execute: 'guest-info' });
    const enabled = [...info.matchAll(/"enabled": true, "name": "([^"]+)"/g)].map((m) => m[1]).sort();
    expect(enabled).toEqual([
      'guest-fsfreeze-status',
      'guest-fsfreeze-thaw',
      'guest-info',
      'guest-ping',
      'guest-sync',
      'guest-sync-delimited',
    ]);
  });

  it('68: a blocked command is disabled without reason; others stay enabled', async () => {
    const { send } = setup({ blockRpcs: ['guest-exec'] });
    expect(await send({ execute: 'guest-exec', arguments: { path: '/bin/true' } })).toBe(
      err('CommandNotFound', 'Command guest-exec has been disabled'),
    );
    const info = await send({ execute: 'guest-info' });
    expect(info).toContain('{"enabled": false, "name": "guest-exec", "success-response": true}');
    expect(info).toContain('{"enabled": true, "name": "guest-exec-status", "success-response": true}');
  });

  it('69: an allow-list disables everything else with "not allowed"; frozen wins over it', async () => {
    const { send, ctx } = setup({ allowRpcs: ['guest-ping'] });
    expect(await send({ execute: 'guest-ping' })).toBe('{"return": {}}\n');
    expect(await send({ execute: 'guest-get-time' })).toBe(
      err('CommandNotFound', 'Command guest-get-time has been disabled: the command is not allowed'),
    );
    ctx.frozen.frozen = true;
    expect(await send({ execute: 'guest-get-time' })).toBe(
      err('CommandNotFound', 'Command guest-get-time has been disabled: the agent is in frozen state'),
    );
  });

  it('validates arguments before the handler runs (no side effects)', async () => {
    let ran = 0;
    const { send } = setup({}, { 'guest-set-time': async () => void ran++ });
    expect(await send({ execute: 'guest-set-time', arguments: { time: 1.5 } })).toBe(
      err('GenericError', "Invalid parameter type for 'time', expected: integer"),
    );
    expect(ran).toBe(0);
  });

  it('success-response false: no reply on success, error reply on failure', async () => {
    let fail = false;
    const { send } = setup(
      {},
      {
        'guest-shutdown': async ({ mode }) => {
          if (fail) throw new QgaError(`mode is invalid (valid values are: halt|powerdown|reboot`);
          void mode;
        },
      },
    );
    expect(await send({ execute: 'guest-shutdown', id: 1n }, { execute: 'guest-ping', id: 2n })).toBe('{"return": {}, "id": 2}\n');
    fail = true;
    expect(await send({ execute: 'guest-shutdown', arguments: { mode: 'bogus' } })).toBe(
      err('GenericError', 'mode is invalid (valid values are: halt|powerdown|reboot'),
    );
  });

  it('a non-QgaError becomes GenericError with its message and is logged', async () => {
    const { send, ctx } = setup({}, { 'guest-get-host-name': async () => Promise.reject(new Error('boom')) });
    expect(await send({ execute: 'guest-get-host-name' })).toBe(err('GenericError', 'boom'));
    expect(ctx.lines.some((l) => l.startsWith('error:') && l.includes('boom'))).toBe(true);
  });

  it('an information command past its limit gets no made-up error: the queue moves on, and a late answer is dropped once others were answered', async () => {
    const { send, ctx } = setup({ commandTimeoutSec: 0.05 }, { 'guest-get-host-name': () => new Promise((r) => setTimeout(() => r({ 'host-name': 'late' }), 150)) });
    expect(await send({ execute: 'guest-get-host-name', id: 1n }, { execute: 'guest-ping', id: 2n })).toBe('{"return": {}, "id": 2}\n');
    await new Promise((r) => setTimeout(r, 200));
    expect(ctx.lines.some((l) => l.startsWith('warn: dropped the late answer of guest-get-host-name'))).toBe(true);
  });

  it('a host still waiting (libvirt blocking) gets the real answer of a late command, as qemu-ga would give it', async () => {
    const { d, out } = setup({ commandTimeoutSec: 0.05 }, { 'guest-get-host-name': () => new Promise((r) => setTimeout(() => r({ 'host-name': 'late' }), 150)) });
    d.onValue({ execute: 'guest-get-host-name', id: 1n });
    await new Promise((r) => setTimeout(r, 250));
    expect(Buffer.concat(out).toString()).toBe('{"return": {"host-name": "late"}, "id": 1}\n');
  });

  it('streams Base64Blob members in pieces and keeps the JSON around them', async () => {
    const bytes = Buffer.alloc(2 * 768 * 1024 + 10, 7);
    const { send, out } = setup({}, { 'guest-file-read': async () => ({ count: bytes.length, 'buf-b64': new Base64Blob(bytes), eof: true }) });
    const text = await send({ execute: 'guest-file-read', arguments: { handle: 1000n }, id: 'r' });
    expect(out.length).toBeGreaterThanOrEqual(5);
    expect(Math.max(...out.map((b) => b.length))).toBeLessThanOrEqual(1024 * 1024);
    expect(text).toBe(`{"return": {"count": ${bytes.length}, "buf-b64": "${bytes.toString('base64')}", "eof": true}, "id": "r"}\n`);
  });

  it('encodes integer-typed results as integers (no -0), numbers as numbers', async () => {
    const { send } = setup(
      {},
      {
        'guest-get-timezone': async () => ({ zone: 'UTC', offset: -0 }),
        'guest-get-load': async () => ({ load1m: 0.5, load5m: 1, load15m: 2 }),
      },
    );
    expect(await send({ execute: 'guest-get-timezone' })).toBe('{"return": {"zone": "UTC", "offset": 0}}\n');
    expect(await send({ execute: 'guest-get-load' })).toBe('{"return": {"load15m": 2, "load5m": 1, "load1m": 0.5}}\n');
  });

  it('a failing channel write is logged, not fatal', async () => {
    const ctx = fakeContext();
    const d = new Dispatcher({ handlers: createHandlers(), ctx, encode: encodeJson, write: async () => Promise.reject(new Error('no client')) });
    d.onValue({ execute: 'guest-ping' });
    await d.idle();
    expect(ctx.lines).toContain('warn: failed to send reply: no client');
  });
});
