import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { MAX_LINE_BYTES, NewlineJsonDecoder, encodeOvirtMessage, ovirtMessage } from './newline-json.js';
import type { NewlineEvent, OvirtMessage } from './newline-json.js';

const numRuns = Number(process.env.GA_FUZZ_RUNS ?? 10000);
const bytes = (s: string) => Buffer.from(s, 'latin1');
const messages = (evs: NewlineEvent[]) => evs.flatMap((e) => (e.kind === 'message' ? [e.message] : []));

describe('NewlineJsonDecoder', () => {
  it('decodes VDSM commands, LF and CRLF, split anywhere', () => {
    const d = new NewlineJsonDecoder();
    expect(d.push(bytes('{"apiVersion": 3, "__name__": "refresh"}\n{"__na'))).toEqual([
      { kind: 'message', message: { apiVersion: 3, __name__: 'refresh' }, bytes: bytes('{"apiVersion": 3, "__name__": "refresh"}') },
    ]);
    expect(d.push(bytes('me__": "echo", "foo": "bar", "n": 1}\r\n'))).toEqual([
      { kind: 'message', message: { __name__: 'echo', foo: 'bar', n: 1 }, bytes: bytes('{"__name__": "echo", "foo": "bar", "n": 1}\r') },
    ]);
  });

  it('drops and reports malformed lines, then continues', () => {
    const d = new NewlineJsonDecoder();
    const evs = d.push(bytes('garbage line\n[1, 2]\n{"no": "name"}\n{"__name__": 5}\n\n\r\n{"__name__": "lock-screen"}\n'));
    expect(evs.map((e) => (e.kind === 'dropped' ? e.reason : e.message.__name__))).toEqual([
      'invalid-json', 'not-an-object', 'no-name', 'no-name', 'empty', 'empty', 'lock-screen',
    ]);
    expect(evs[0]).toEqual({ kind: 'dropped', reason: 'invalid-json', bytes: 12, line: 'garbage line' });
  });

  it('turns invalid UTF-8 into U+FFFD (observed VDSM result)', () => {
    const d = new NewlineJsonDecoder();
    const line = Buffer.concat([bytes('{"__name__": "host-name", "name": "caf'), Buffer.from([0xc3, 0xa9, 0x2d, 0xff, 0xfe]), bytes('-ok"}\n')]);
    expect(messages(d.push(line))).toEqual([{ __name__: 'host-name', name: 'caf\u00e9-\ufffd\ufffd-ok' }]);
  });

  it('filters XML characters on request, as VDSM does on receipt', () => {
    const line = bytes('{"__name__": "os-version", "version": "a\\u0001b\\u0085c\\ud800d"}\n');
    expect(messages(new NewlineJsonDecoder({ filterXml: true }).push(line))).toEqual([{ __name__: 'os-version', version: 'a\ufffdb\u0085c\ufffdd' }]);
    expect(messages(new NewlineJsonDecoder().push(line))).toEqual([{ __name__: 'os-version', version: 'a\u0001b\u0085c\ud800d' }]);
  });

  it('drops a line reaching 1 MiB and resyncs at the next newline', () => {
    const d = new NewlineJsonDecoder();
    const evs: NewlineEvent[] = [];
    const big = Buffer.alloc(2 * MAX_LINE_BYTES, 0x61);
    for (let off = 0; off < big.length; off += 65536) evs.push(...d.push(big.subarray(off, off + 65536)));
    evs.push(...d.push(bytes('x\n{"__name__": "refresh"}\n')));
    expect(evs).toEqual([
      { kind: 'dropped', reason: 'too-long', bytes: 2 * MAX_LINE_BYTES + 1, line: '' },
      { kind: 'message', message: { __name__: 'refresh' }, bytes: bytes('{"__name__": "refresh"}') },
    ]);
  });

  it('keeps a line of 1 MiB - 1 bytes and drops one of exactly 1 MiB', () => {
    const payload = (n: number) => `{"__name__": "x", "d": "${'a'.repeat(n - 26)}"}`;
    expect(payload(100).length).toBe(100);
    const d = new NewlineJsonDecoder();
    const ok = d.push(bytes(`${payload(MAX_LINE_BYTES - 1)}\n`));
    expect(ok[0]?.kind).toBe('message');
    const bad = d.push(bytes(`${payload(MAX_LINE_BYTES)}\n`));
    expect(bad).toEqual([{ kind: 'dropped', reason: 'too-long', bytes: MAX_LINE_BYTES, line: '' }]);
  });

  it('reset() forgets a partial line', () => {
    const d = new NewlineJsonDecoder();
    d.push(bytes('{"__name__": "hal'));
    d.reset();
    expect(messages(d.push(bytes('{"__name__": "refresh"}\n')))).toEqual([{ __name__: 'refresh' }]);
  });
});

describe('encodeOvirtMessage', () => {
  it('writes the reference agent bytes (V6 echo, V1 lines)', () => {
    expect(encodeOvirtMessage(ovirtMessage('echo', { foo: 'bar', n: 1 })).toString('latin1')).toBe('{"__name__": "echo", "foo": "bar", "n": 1}\n');
    expect(encodeOvirtMessage(ovirtMessage('session-startup')).toString('latin1')).toBe('{"__name__": "session-startup"}\n');
    expect(encodeOvirtMessage(ovirtMessage('network-interfaces', {
      interfaces: [{ name: 'eth0', hw: '52:54:00:12:34:56', inet: ['192.0.2.10'], inet6: ['fe80::5054:ff:fe12:3456'] }],
    })).toString('latin1')).toBe(
      '{"__name__": "network-interfaces", "interfaces": [{"name": "eth0", "hw": "52:54:00:12:34:56", "inet": ["192.0.2.10"], "inet6": ["fe80::5054:ff:fe12:3456"]}]}\n',
    );
  });

  it('is ASCII-only and filters XML characters by default', () => {
    const line = encodeOvirtMessage(ovirtMessage('host-name', { name: 'caf\u00e9\u0001\u{1F600}' }));
    expect(line.toString('latin1')).toBe('{"__name__": "host-name", "name": "caf\\u00e9\\ufffd\\ud83d\\ude00"}\n');
    expect([...line].every((b) => b < 0x80)).toBe(true);
    expect(encodeOvirtMessage(ovirtMessage('x', { v: '\u0001' }), { filterXml: false }).toString('latin1')).toBe('{"__name__": "x", "v": "\\u0001"}\n');
  });

  it('refuses a line VDSM would discard', () => {
    expect(() => encodeOvirtMessage(ovirtMessage('applications', { applications: ['a'.repeat(MAX_LINE_BYTES)] }))).toThrow(/VDSM discards/);
  });
});

// Any JSON object with a string __name__; keys avoid integer-like names because
// JavaScript objects list those first, whatever the wire order was.
const jsonLeaf = fc.oneof(fc.string({ unit: 'binary' }), fc.integer(), fc.boolean(), fc.constant(null));
const jsonValue = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, jsonLeaf, fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(fc.string().filter((k) => !/^\d+$/.test(k)), tie('v'), { maxKeys: 4 })),
})).v;
const arbMessage = fc.tuple(fc.string({ unit: 'binary' }), fc.dictionary(fc.string().filter((k) => !/^\d+$/.test(k) && k !== '__name__'), jsonValue, { maxKeys: 5 }))
  .map(([name, fields]) => ovirtMessage(name, fields as OvirtMessage));

function splitAt(buf: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (buf.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let prev = 0;
  for (const p of points) {
    out.push(buf.subarray(prev, p));
    prev = p;
  }
  out.push(buf.subarray(prev));
  return out;
}

describe('newline-json properties', () => {
  it('any split of valid input yields the same messages', () => {
    fc.assert(
      fc.property(fc.array(arbMessage, { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { maxLength: 12 }), (msgs, cuts) => {
        const stream = Buffer.concat(msgs.map((m) => encodeOvirtMessage(m, { filterXml: false })));
        const d = new NewlineJsonDecoder();
        const evs = splitAt(stream, cuts).flatMap((p) => d.push(p));
        expect(evs.every((e) => e.kind === 'message')).toBe(true);
        expect(messages(evs)).toEqual(msgs.map((m) => JSON.parse(JSON.stringify(m))));
        // Re-encoding reproduces the wire bytes exactly.
        expect(Buffer.concat(messages(evs).map((m) => encodeOvirtMessage(m, { filterXml: false }))).equals(stream)).toBe(true);
      }),
      { numRuns },
    );
  });

  it('random garbage never throws, and the stream recovers after the next newline', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.array(fc.nat(), { maxLength: 6 }), (garbage, cuts) => {
        const d = new NewlineJsonDecoder({ maxLineBytes: 64 });
        for (const p of splitAt(Buffer.from(garbage), cuts)) d.push(p);
        const evs = d.push(bytes('\n{"__name__": "refresh"}\n'));
        expect(evs.at(-1)).toMatchObject({ kind: 'message', message: { __name__: 'refresh' } });
      }),
      { numRuns },
    );
  });
});
