import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { ChunkDecoder, encodeChunkHeader, encodeChunks } from './chunks.js';
import type { ChunkEvent } from './chunks.js';
import { encodeMessage } from './codec.js';
import { V, hex } from './__fixtures__/vectors.js';

const numRuns = Number(process.env.GA_FUZZ_RUNS ?? 10000);
const clipboard = (n: number) => encodeMessage({ type: 4, fields: { type: 1, data: Buffer.alloc(n, 0x41) } });
const messagesOf = (evs: ChunkEvent[]) => evs.flatMap((e) => (e.kind === 'message' ? [[e.port, e.bytes.toString('hex')]] : []));

describe('ChunkDecoder', () => {
  it('resetPort forgets one port\'s partial message, keeps the other port\'s, and drops the rest of a chunk in flight', () => {
    const d = new ChunkDecoder();
    const big = clipboard(3000);
    const [c1, c2] = encodeChunks(1, big);
    const mouse = hex(V.v9Mouse);
    // Port 1 half done, port 2 half done.
    expect(d.push(Buffer.concat([c1!, mouse.subarray(0, 20)]))).toEqual([]);
    d.resetPort(1);
    // The rest of port 2's chunk completes its message; port 1's continuation is now a stray
    // first chunk, whose "header" is clipboard payload bytes: it claims 0x41414141 bytes.
    expect(messagesOf(d.push(mouse.subarray(20)))).toEqual([[2, mouse.subarray(8).toString('hex')]]);
    // Mid-chunk reset: the rest of that chunk is dropped and the next chunk starts clean.
    const d2 = new ChunkDecoder();
    const caps = hex(V.v2HostCaps);
    expect(d2.push(caps.subarray(0, 20))).toEqual([]);
    d2.resetPort(1);
    expect(messagesOf(d2.push(Buffer.concat([caps.subarray(20), caps])))).toEqual([[1, caps.subarray(8).toString('hex')]]);
    expect(c2).toBeDefined();
  });

  it('delivers single-chunk vectors with their port', () => {
    const d = new ChunkDecoder();
    expect(d.push(Buffer.concat([hex(V.v9Mouse), hex(V.v2HostCaps)]))).toEqual([
      { kind: 'message', port: 2, bytes: hex(V.v9Mouse).subarray(8) },
      { kind: 'message', port: 1, bytes: hex(V.v2HostCaps).subarray(8) },
    ]);
  });

  it('reassembles V16: a 5000-byte clipboard in chunks of 2048, 2048, 932', () => {
    const message = encodeMessage({ type: 4, fields: { selection: 0, type: 1, data: Buffer.alloc(5000, 0x61) } }, { selection: true, serial: true });
    const chunks = encodeChunks(1, message);
    expect(chunks.map((c) => c.readUInt32LE(4))).toEqual([2048, 2048, 932]);
    expect(chunks[0]!.subarray(0, 36).toString('hex')).toBe(hex('01000000 00080000 01000000 04000000 00000000 00000000 90130000 00000000 01000000').toString('hex'));
    expect(chunks[2]!.subarray(0, 8).toString('hex')).toBe('01000000a4030000');
    const d = new ChunkDecoder();
    expect(chunks.flatMap((c) => d.push(c))).toEqual([{ kind: 'message', port: 1, bytes: message }]);
  });

  it('accepts a message header split across chunks, as the reference does', () => {
    const m = hex(V.v4Reply).subarray(8);
    const d = new ChunkDecoder();
    const stream = Buffer.concat([encodeChunkHeader(1, 10), m.subarray(0, 10), encodeChunkHeader(1, 18), m.subarray(10)]);
    expect(d.push(stream)).toEqual([{ kind: 'message', port: 1, bytes: m }]);
  });

  it('keeps one reassembler per port: port-2 mouse inside a port-1 clipboard', () => {
    const big = clipboard(3000);
    const [c1, c2] = encodeChunks(1, big);
    const d = new ChunkDecoder();
    expect(messagesOf(d.push(Buffer.concat([c1!, hex(V.v9Mouse), c2!])))).toEqual([
      [2, hex(V.v9Mouse).subarray(8).toString('hex')],
      [1, big.toString('hex')],
    ]);
  });

  it('resets on a chunk over 2048 bytes (V17), on port >= 3, and on a chunk larger than its message', () => {
    const d = new ChunkDecoder();
    expect(d.push(Buffer.concat([hex('01000000 00100000'), Buffer.alloc(4096)]))).toEqual([{ kind: 'reset', reason: 'chunk size 4096 too large (max 2048)' }]);
    expect(d.push(hex('03000000 04000000 00000000'))).toEqual([{ kind: 'reset', reason: 'chunk port 3 out of range' }]);
    const m = hex(V.v4Reply).subarray(8);
    expect(d.push(Buffer.concat([encodeChunkHeader(1, m.length + 1), m, Buffer.from([0])]))).toEqual([{ kind: 'reset', reason: 'chunk larger than message, lost sync?' }]);
    // Continuation chunk carrying more than the message still needs.
    const big = clipboard(3000);
    const first = encodeChunks(1, big)[0]!;
    expect(d.push(Buffer.concat([first, encodeChunkHeader(1, 2048), Buffer.alloc(2048)]))).toEqual([{ kind: 'reset', reason: 'chunk larger than message, lost sync?' }]);
    // Each reset drops the rest of its push; the next push starts clean.
    expect(d.push(hex(V.v1CapsRequest))).toEqual([{ kind: 'message', port: 1, bytes: hex(V.v1CapsRequest).subarray(8) }]);
  });

  it('discards the rest of the push after a reset and clears partial messages of every port', () => {
    const d = new ChunkDecoder();
    const big = clipboard(3000);
    d.push(encodeChunks(1, big)[0]!);
    expect(d.push(Buffer.concat([hex('05000000 00000000'), hex(V.v1CapsRequest)]))).toEqual([{ kind: 'reset', reason: 'chunk port 5 out of range' }]);
    // The clipboard's second chunk is now a stray continuation: parsed as a new message header.
    expect(d.push(hex(V.v2HostCaps))).toEqual([{ kind: 'message', port: 1, bytes: hex(V.v2HostCaps).subarray(8) }]);
  });

  it('skips a message over maxMessageSize and stays in sync', () => {
    const d = new ChunkDecoder({ maxMessageSize: 1000 });
    const big = clipboard(3000);
    const evs = d.push(Buffer.concat([...encodeChunks(1, big), hex(V.v9Mouse)]));
    expect(evs).toEqual([
      { kind: 'dropped', port: 1, size: 3024, reason: 'message of 3024 bytes exceeds the 1000-byte limit' },
      { kind: 'message', port: 2, bytes: hex(V.v9Mouse).subarray(8) },
    ]);
  });

  it('accepts one big chunk when maxChunkSize is raised (host tools reading the reference agent)', () => {
    const big = clipboard(5000);
    const d = new ChunkDecoder({ maxChunkSize: Infinity });
    expect(d.push(Buffer.concat([encodeChunkHeader(1, big.length), big]))).toEqual([{ kind: 'message', port: 1, bytes: big }]);
  });
});

describe('encodeChunks', () => {
  it('puts a small message in one chunk and an empty payload message too', () => {
    expect(Buffer.concat(encodeChunks(1, hex(V.v1CapsRequest).subarray(8))).equals(hex(V.v1CapsRequest))).toBe(true);
    expect(Buffer.concat(encodeChunks(2, hex(V.v11ClientDisconnected).subarray(8))).equals(hex(V.v11ClientDisconnected))).toBe(true);
  });

  it('refuses a port the server would reject and chunks too small for the header', () => {
    expect(() => encodeChunks(3, Buffer.alloc(20))).toThrow(RangeError);
    expect(() => encodeChunks(1, Buffer.alloc(20), 19)).toThrow(/20-byte message header/);
  });
});

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

const arbMessage = fc.record({
  port: fc.constantFrom(1, 2),
  size: fc.oneof(fc.nat(60), fc.integer({ min: 2000, max: 4500 })),
  chunk: fc.integer({ min: 20, max: 2048 }),
});

describe('chunk properties', () => {
  it('any split of valid input yields the same messages, whatever the sender chunk size', () => {
    fc.assert(
      fc.property(fc.array(arbMessage, { minLength: 1, maxLength: 5 }), fc.array(fc.nat(), { maxLength: 10 }), (specs, cuts) => {
        const msgs = specs.map((s, i) => ({ port: s.port, bytes: clipboard(s.size + i), chunk: s.chunk }));
        const stream = Buffer.concat(msgs.flatMap((m) => encodeChunks(m.port, m.bytes, m.chunk)));
        const d = new ChunkDecoder();
        const evs = splitAt(stream, cuts).flatMap((p) => d.push(p));
        // Compare as hex: jest's deep equality walks Buffers byte by byte and is slow.
        expect(messagesOf(evs)).toEqual(msgs.map((m) => [m.port, m.bytes.toString('hex')]));
        expect(evs).toHaveLength(msgs.length);
      }),
      { numRuns },
    );
  });

  it('chunks of port-1 and port-2 messages interleaved in any order reassemble per port', () => {
    const portMessages = fc.array(fc.record({ size: fc.oneof(fc.nat(40), fc.integer({ min: 2000, max: 5000 })), chunk: fc.integer({ min: 20, max: 2048 }) }), { maxLength: 3 });
    fc.assert(
      fc.property(portMessages, portMessages, fc.array(fc.boolean(), { maxLength: 40 }), (p1, p2, picks) => {
        const build = (port: number, specs: Array<{ size: number; chunk: number }>) => {
          const msgs = specs.map((s, i) => clipboard(s.size + i * 7 + port));
          return { msgs, chunks: msgs.flatMap((m, i) => encodeChunks(port, m, specs[i]!.chunk)) };
        };
        const a = build(1, p1);
        const b = build(2, p2);
        const stream: Buffer[] = [];
        let i = 0;
        while (a.chunks.length || b.chunks.length) {
          const fromA = b.chunks.length === 0 || (a.chunks.length > 0 && (picks[i++ % Math.max(picks.length, 1)] ?? true));
          stream.push((fromA ? a.chunks : b.chunks).shift()!);
        }
        const d = new ChunkDecoder();
        const got = messagesOf(d.push(Buffer.concat(stream)));
        expect(got.filter(([p]) => p === 1).map(([, h]) => h)).toEqual(a.msgs.map((m) => m.toString('hex')));
        expect(got.filter(([p]) => p === 2).map(([, h]) => h)).toEqual(b.msgs.map((m) => m.toString('hex')));
      }),
      { numRuns },
    );
  });

  it('random garbage never throws, and a clean push after it recovers', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.array(fc.nat(), { maxLength: 6 }), (garbage, cuts) => {
        const d = new ChunkDecoder({ maxMessageSize: 4096 });
        for (const p of splitAt(Buffer.from(garbage), cuts)) d.push(p);
        d.reset(); // what the agent does after re-opening the port
        expect(d.push(hex(V.v2HostCaps))).toEqual([{ kind: 'message', port: 1, bytes: hex(V.v2HostCaps).subarray(8) }]);
      }),
      { numRuns },
    );
  });

  it('after a bad chunk the next push is decoded from a chunk boundary', () => {
    const badChunk = fc.oneof(
      fc.integer({ min: 2049, max: 0xffffffff }).map((size) => encodeChunkHeader(1, size)),
      fc.integer({ min: 3, max: 0xffffffff }).map((port) => encodeChunkHeader(port, 4)),
    );
    fc.assert(
      fc.property(badChunk, fc.uint8Array({ maxLength: 64 }), (bad, tail) => {
        const d = new ChunkDecoder();
        const evs = d.push(Buffer.concat([bad, Buffer.from(tail)]));
        expect(evs.map((e) => e.kind)).toEqual(['reset']);
        expect(messagesOf(d.push(hex(V.v1CapsRequest)))).toEqual([[1, hex(V.v1CapsRequest).subarray(8).toString('hex')]]);
      }),
      { numRuns },
    );
  });
});
