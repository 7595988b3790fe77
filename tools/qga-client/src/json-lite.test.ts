import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { encodeJson, JsonSyntaxError, parseJson, prettyJson } from './json-lite.js';

describe('parseJson', () => {
  it('reads integers as exact bigints and other numbers as numbers', () => {
    expect(parseJson('{"return": 9223372036854775807}')).toEqual({ return: 9223372036854775807n });
    expect(parseJson('[-0, 1.5, 1e3, 1.8446744073709552e+19]')).toEqual([0n, 1.5, 1000, 1.8446744073709552e19]);
  });

  it('decodes the escapes qemu-ga emits', () => {
    expect(parseJson('"h\\u00E9llo \\u2713 \\n\\t\\"\\\\\\/"')).toBe('héllo ✓ \n\t"\\/');
  });

  it('accepts qemu\'s single-quoted strings', () => {
    expect(parseJson("{'execute': 'guest-ping'}")).toEqual({ execute: 'guest-ping' });
  });

  it('keeps "__proto__" as an ordinary member', () => {
    const v = parseJson('{"__proto__": {"x": 1}}') as Record<string, unknown>;
    expect(Object.keys(v)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
  });

  it('rejects malformed text', () => {
    for (const bad of ['', '{', '{"a" 1}', '[1,]', '"\x01"', 'tru', '{"a":1}x', '1 2']) {
      expect(() => parseJson(bad)).toThrow(JsonSyntaxError);
    }
  });

  it('round-trips with encodeJson', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = JSON.stringify(v);
        expect(encodeJson(parseJson(text))).toBe(encodeJson(parseJson(encodeJson(parseJson(text)))));
        expect(parseJson(prettyJson(parseJson(text)))).toEqual(parseJson(text));
      }),
      { numRuns: Number(process.env.GA_FUZZ_RUNS ?? 1000) },
    );
  });
});

describe('encodeJson', () => {
  it('writes bigint as digits and rejects what JSON cannot carry', () => {
    expect(encodeJson({ id: 2n ** 63n - 1n, a: [null, true, 'x'] })).toBe('{"id":9223372036854775807,"a":[null,true,"x"]}');
    expect(() => encodeJson(Number.NaN)).toThrow(TypeError);
  });
});
