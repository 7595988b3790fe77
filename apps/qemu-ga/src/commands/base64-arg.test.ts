import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { decodeBase64Arg } from './base64-arg.js';

describe('decodeBase64Arg (qemu-ga semantics)', () => {
  it('decodes padded and unpadded groups like g_base64_decode', () => {
    expect(decodeBase64Arg('aGVsbG8gd29ybGQK').toString()).toBe('hello world\n');
    expect(decodeBase64Arg('YQ==').toString()).toBe('a');
    expect(decodeBase64Arg('YWI=').toString()).toBe('ab');
    expect(decodeBase64Arg('YQ').length).toBe(0); // incomplete group dropped
    expect(decodeBase64Arg('').length).toBe(0);
    expect(decodeBase64Arg('YQ==\nYQ==').toString()).toBe('aa');
    expect(decodeBase64Arg('YQ==\0!!').toString()).toBe('a'); // C string ends at NUL
  });

  it('rejects characters outside the alphabet with qemu-ga text', () => {
    for (const bad of ['!!notb64', 'YQ== ', 'YQ\r\n', 'é']) {
      expect(() => decodeBase64Arg(bad)).toThrow('Base64 data contains invalid characters');
    }
  });

  it('round-trips any bytes, with newlines anywhere', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.array(fc.nat(400)), (bytes, cuts) => {
        let text = Buffer.from(bytes).toString('base64');
        for (const c of cuts) {
          const at = c % (text.length + 1);
          text = `${text.slice(0, at)}\n${text.slice(at)}`;
        }
        expect(decodeBase64Arg(text)).toEqual(Buffer.from(bytes));
      }),
      { numRuns: Number(process.env.GA_FUZZ_RUNS ?? 10000) },
    );
  });

  it('decodes canonical input on the native fast path exactly as the qemu-ga loop does', () => {
    // A trailing "\n" is skipped by qemu-ga but keeps the input off the fast path: both must agree.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    fc.assert(
      fc.property(fc.array(fc.nat(63), { maxLength: 64 }), fc.constantFrom('', '=', '=='), (ranks, pad) => {
        let text = ranks.map((r) => alphabet[r]).join('');
        text = text.slice(0, text.length - (text.length % 4));
        if (pad) text = text.slice(0, Math.max(0, text.length - pad.length)) + (text.length >= 4 ? pad : '');
        expect(decodeBase64Arg(text)).toEqual(decodeBase64Arg(`${text}\n`));
      }),
      { numRuns: 2000 },
    );
    expect(decodeBase64Arg('YR==').equals(decodeBase64Arg('YR==\n'))).toBe(true); // stray low bits ignored alike
  });
});
