import { describe, expect, it } from '@jest/globals';
import { pyFloat, pyString, pythonJsonDumps } from './python-json.js';

// Expected strings were produced by CPython 3.11 `json.dumps(...)` with default arguments.
describe('pythonJsonDumps', () => {
  it('uses Python separators and keeps key order', () => {
    expect(pythonJsonDumps({ __name__: 'echo', foo: 'bar', n: 1 })).toBe('{"__name__": "echo", "foo": "bar", "n": 1}');
    expect(pythonJsonDumps({ apiVersion: 3, __name__: 'refresh' })).toBe('{"apiVersion": 3, "__name__": "refresh"}');
    expect(pythonJsonDumps({ a: [1, 2], e: {}, f: [], c: null, d: true, g: false })).toBe('{"a": [1, 2], "e": {}, "f": [], "c": null, "d": true, "g": false}');
  });

  it('escapes like ensure_ascii', () => {
    expect(pyString('caf\u00e9 \u{1F600} \x7f \x01 "\\ \n\t\r\b\f/')).toBe('"caf\\u00e9 \\ud83d\\ude00 \\u007f \\u0001 \\"\\\\ \\n\\t\\r\\b\\f/"');
    expect(pyString('\u2028\uffff')).toBe('"\\u2028\\uffff"');
  });

  it('writes floats like float.__repr__', () => {
    const cases: Array<[number, string]> = [
      [2.5, '2.5'], [1e-5, '1e-05'], [0.1, '0.1'], [123456789.123, '123456789.123'], [-0.0001, '-0.0001'],
      [1.5e300, '1.5e+300'], [5e-324, '5e-324'], [1.2345e-7, '1.2345e-07'], [0.5, '0.5'], [1.7976931348623157e308, '1.7976931348623157e+308'],
    ];
    for (const [n, s] of cases) expect(pyFloat(n)).toBe(s);
    expect(pythonJsonDumps([2.5, 1e-5])).toBe('[2.5, 1e-05]');
  });

  it('writes integral numbers and bigints as Python ints', () => {
    expect(pythonJsonDumps([0, -0, 24683620, 1e21, 270553174016n])).toBe('[0, 0, 24683620, 1000000000000000000000, 270553174016]');
  });

  it('skips undefined members and refuses what JSON cannot hold', () => {
    expect(pythonJsonDumps({ a: undefined, b: 1 })).toBe('{"b": 1}');
    expect(() => pythonJsonDumps(Number.NaN)).toThrow(/not representable/);
    expect(() => pythonJsonDumps(Infinity)).toThrow(TypeError);
  });
});
