import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import koffi from 'koffi';
import { ntop4, ntop6, popcount } from './inet.js';

// glibc's own inet_ntop is the reference qemu-ga uses.
const lib = koffi.load('libc.so.6');
const inetNtop = lib.func('const char *inet_ntop(int af, const uint8_t *src, _Out_ char *dst, uint32_t size)');
const glibc6 = (b: Uint8Array): string => {
  const out = Buffer.alloc(64);
  inetNtop(10, b, out, 64);
  return out.toString('latin1', 0, out.indexOf(0));
};

const words = fc.array(fc.oneof(fc.constant(0), fc.constant(0), fc.constant(0xffff), fc.integer({ min: 0, max: 0xffff })), {
  minLength: 8,
  maxLength: 8,
});
const toBytes = (w: number[]): Uint8Array => Uint8Array.from(w.flatMap((x) => [x >> 8, x & 0xff]));

describe('ntop6', () => {
  it('matches glibc inet_ntop on known shapes', () => {
    for (const w of [
      [0, 0, 0, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0, 0, 1],
      [0xfe80, 0, 0, 0, 0xfc, 0xff, 0xfe00, 1],
      [0, 0, 0, 0, 0, 0xffff, 0xc000, 0x0201],
      [0, 0, 0, 0, 0, 0, 0xc000, 0x0201],
      [1, 0, 0, 2, 0, 0, 0, 3],
      [1, 0, 2, 0, 3, 0, 4, 0],
      [0xfd00, 0, 0, 0, 0, 0, 0, 2],
    ]) {
      expect(ntop6(toBytes(w))).toBe(glibc6(toBytes(w)));
    }
  });

  it('matches glibc inet_ntop on random addresses', () => {
    fc.assert(
      fc.property(words, (w) => ntop6(toBytes(w)) === glibc6(toBytes(w))),
      { numRuns: Number(process.env.GA_FUZZ_RUNS ?? 10000) },
    );
  });
});

describe('ntop4 / popcount', () => {
  it('formats dotted quads and counts netmask bits', () => {
    expect(ntop4([192, 0, 2, 2])).toBe('192.0.2.2');
    expect(popcount([0, 0, 0, 0, 255, 255, 255, 0], 4, 8)).toBe(24);
    expect(popcount([255, 255, 128, 0], 0, 4)).toBe(17);
  });
});
