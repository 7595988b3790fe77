import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { encodeJson } from './encode.js';
import { isValidCodepoint } from './mod-utf8.js';
import { JsonStreamParser } from './stream-parser.js';
import type { JsonValue } from './value.js';

const numRuns = Number(process.env.GA_FUZZ_RUNS ?? 10000);

type Ev = { value: JsonValue } | { error: string };

function parseChunks(chunks: Uint8Array[]): Ev[] {
  const events: Ev[] = [];
  const p = new JsonStreamParser({
    onValue: (value) => events.push({ value }),
    onError: (error) => events.push({ error }),
  });
  for (const c of chunks) p.feed(c);
  return events;
}

/** Cuts `bytes` at the given offsets (taken modulo its length). */
function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => (bytes.length === 0 ? 0 : c % (bytes.length + 1))))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const p of points) {
    out.push(bytes.subarray(prev, p));
    prev = p;
  }
  out.push(bytes.subarray(prev));
  return out;
}

/** Strings qemu-ga can carry unchanged (no noncharacters; fast-check never makes lone surrogates here). */
const text = fc.string({ unit: 'grapheme', maxLength: 12 }).map((s) =>
  Array.from(s, (ch) => (isValidCodepoint(ch.codePointAt(0)!) ? ch : 'x')).join(''),
);
const int64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 64n - 1n });
const fraction = fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Number.isInteger(d));

const { value: valueArb } = fc.letrec<{ value: JsonValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    int64,
    fraction,
    text,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(text, tie('value'), { maxKeys: 3 }),
  ),
}));
const objectArb = fc.dictionary(text, valueArb, { maxKeys: 4 });
const ws = fc.constantFrom('', ' ', '\n', '\r\n', '\t ');

describe('JsonStreamParser properties', () => {
  it('any split of valid input yields the same messages, equal to what was encoded', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(objectArb, ws), { minLength: 1, maxLength: 3 }), fc.array(fc.nat(), { maxLength: 8 }), (msgs, cuts) => {
        const bytes = Buffer.from(msgs.map(([m, w]) => encodeJson(m) + w).join(''), 'latin1');
        const whole = parseChunks([bytes]);
        expect(whole).toEqual(msgs.map(([m]) => ({ value: m })));
        expect(parseChunks(split(bytes, cuts))).toEqual(whole);
      }),
      { numRuns },
    );
  });

  it('random bytes never throw, and any split gives the same events', () => {
    const garbage = fc.oneof(
      fc.uint8Array({ maxLength: 64 }),
      // long string bodies exercise the regex scan and the chunk-tail reuse
      fc
        .array(fc.constantFrom('A', 'A', 'A', 'A', '\xc3\xa9', '\\', '"', "'", '\xff', '\x01', 'z', '{', ' '), { minLength: 60, maxLength: 400 })
        .map((cs) => Buffer.from(`${cs[0] === 'z' ? "'" : '"'}${cs.join('')}`, 'latin1')),
      fc.array(fc.constantFrom(...'{}[]:,"\'\\ -0123456789.eE+abcnrtuxz\xff\x01\t\n\xc3\xa9'), { maxLength: 48 }).map((cs) =>
        Buffer.from(cs.join(''), 'latin1'),
      ),
    );
    fc.assert(
      fc.property(garbage, fc.array(fc.nat(), { maxLength: 8 }), (bytes, cuts) => {
        const whole = parseChunks([bytes]);
        expect(parseChunks(split(bytes, cuts))).toEqual(whole);
      }),
      { numRuns },
    );
  });

  it('after a 0xFF or control-character reset the next object parses', () => {
    const reset = fc.constantFrom(0xff, 0xfe, 0x00, 0x01, 0x04, 0x1b, 0x1f);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 48 }), reset, objectArb, (garbage, r, obj) => {
        const events = parseChunks([garbage, Uint8Array.of(r), Buffer.from(encodeJson(obj), 'latin1')]);
        expect(events.at(-1)).toEqual({ value: obj });
        expect(events.at(-2)).toHaveProperty('error');
      }),
      { numRuns },
    );
  });

  it('encode -> parse keeps every int64/uint64 exact', () => {
    fc.assert(
      fc.property(int64, (id) => {
        const bytes = Buffer.from(encodeJson({ execute: 'guest-sync', arguments: { id } }));
        expect(parseChunks([bytes])).toEqual([{ value: { execute: 'guest-sync', arguments: { id } } }]);
      }),
      { numRuns },
    );
  });
});
