import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { base64Length, encodeBase64Into } from './base64-encode.js';

describe('encodeBase64Into', () => {
  it('matches Buffer base64 for every length and content', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const dst = Buffer.alloc(base64Length(bytes.length));
        const n = encodeBase64Into(bytes, dst);
        expect(dst.subarray(0, n).toString('latin1')).toBe(Buffer.from(bytes).toString('base64'));
      }),
      { numRuns: Number(process.env.GA_FUZZ_RUNS ?? 10000) },
    );
  });
});
