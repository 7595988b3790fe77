import { describe, expect, it } from '@jest/globals';
import { encodeJson, qdictOrder } from './encode.js';
import { KEY_ORDER } from './value.js';

describe('encodeJson: qemu-ga 7.2 bytes', () => {
  it('uses QEMU spacing and empty containers', () => {
    expect(encodeJson({ a: 1n, b: [1n, 2n] })).toBe('{"a": 1, "b": [1, 2]}');
    expect(encodeJson({})).toBe('{}');
    expect(encodeJson([])).toBe('[]');
    expect(encodeJson({ return: {} })).toBe('{"return": {}}');
    expect(encodeJson([null, true, false, 'x'])).toBe('[null, true, false, "x"]');
  });
  it('orders members as QDict iterates them (vectors from real replies, qemu-ga.md §8)', () => {
    expect(encodeJson({ return: {}, id: 'abc' })).toBe('{"return": {}, "id": "abc"}');
    expect(encodeJson({ error: { class: 'CommandNotFound', desc: 'd' }, id: 5n })).toBe(
      '{"id": 5, "error": {"class": "CommandNotFound", "desc": "d"}}',
    );
    expect(
      encodeJson({
        return: {
          version: '7.2.22',
          supported_commands: [{ name: 'guest-ping', enabled: true, 'success-response': true }],
        },
      }),
    ).toBe(
      '{"return": {"version": "7.2.22", "supported_commands": [{"enabled": true, "name": "guest-ping", "success-response": true}]}}',
    );
    expect(encodeJson({ exited: true, exitcode: 0n, 'out-data': 'aGVsbG8gd29ybGQK', 'out-truncated': false })).toBe(
      '{"exitcode": 0, "out-data": "aGVsbG8gd29ybGQK", "out-truncated": false, "exited": true}',
    );
    expect(encodeJson({ eof: false, count: 12n })).toBe('{"count": 12, "eof": false}');
    expect(encodeJson({ position: 0n, eof: false })).toBe('{"eof": false, "position": 0}');
    expect(encodeJson({ offset: 0n, zone: 'UTC' })).toBe('{"zone": "UTC", "offset": 0}');
    // observed: {"zz":1,"a":2,"mm":[1,{"q":1,"b":2}]} echoed by qemu-ga 7.2 as below
    expect(encodeJson({ zz: 1n, a: 2n, mm: [1n, { q: 1n, b: 2n }] })).toBe('{"a": 2, "zz": 1, "mm": [1, {"b": 2, "q": 1}]}');
    expect(qdictOrder(['id', 'return'])).toEqual(['return', 'id']);
  });
  it('puts later-inserted keys first inside one bucket, using the recorded parse order', () => {
    // keys a, b share a bucket when the output order follows insertion order (later first)
    let pair: [string, string] | undefined;
    outer: for (let i = 0; i < 300; i++) {
      for (let j = i + 1; j < 300; j++) {
        const a = `k${i}`;
        const b = `k${j}`;
        if (qdictOrder([a, b])[0] === b && qdictOrder([b, a])[0] === a) {
          pair = [a, b];
          break outer;
        }
      }
    }
    expect(pair).toBeDefined();
    const [a, b] = pair!;
    expect(encodeJson({ [a]: 1n, [b]: 2n })).toBe(`{"${b}": 2, "${a}": 1}`);
    const parsed = { 1: 'x', y: 'z' } as Record<string | symbol, unknown>;
    Object.defineProperty(parsed, KEY_ORDER, { value: ['y', '1'] });
    expect(encodeJson(parsed)).toBe(encodeJson(Object.fromEntries([['y', 'z'], ['1', 'x']])));
    // members added or removed after parsing are still honoured
    parsed.extra = true;
    delete parsed.y;
    expect(encodeJson(parsed)).toBe(encodeJson({ 1: 'x', extra: true }));
  });
  it('skips undefined members (absent optionals)', () => {
    expect(encodeJson({ count: 0n, 'buf-b64': '', eof: true, extra: undefined })).toBe('{"count": 0, "buf-b64": "", "eof": true}');
  });
  it('escapes like QEMU: ASCII only, upper-case hex, surrogate pairs, / unescaped', () => {
    expect(encodeJson('h\u00e9llo \u2713')).toBe('"h\\u00E9llo \\u2713"');
    expect(encodeJson('\u0000\b\f\n\r\t\u0001\u001f\u007f"\\/')).toBe('"\\u0000\\b\\f\\n\\r\\t\\u0001\\u001F\\u007F\\"\\\\/"');
    expect(encodeJson('😀')).toBe('"\\uD83D\\uDE00"');
    expect(encodeJson('\uD800x\uDC00')).toBe('"\\uFFFDx\\uFFFD"');
    expect(encodeJson('\uFFFD\uFFFE\uFDD0')).toBe('"\\uFFFD\\uFFFD\\uFFFD"');
    expect(encodeJson('stray \'\uFFFD\'')).toBe('"stray \'\\uFFFD\'"');
    expect(encodeJson('\u201C/nonexistent/binary\u201D')).toBe('"\\u201C/nonexistent/binary\\u201D"');
  });
  it('prints integers exactly and doubles with %.17g', () => {
    expect(encodeJson({ return: 9223372036854775807n })).toBe('{"return": 9223372036854775807}');
    expect(encodeJson([18446744073709551615n, -9223372036854775808n])).toBe('[18446744073709551615, -9223372036854775808]');
    expect(encodeJson([2 ** 64, 1500, 0.1, -0, 1704164645.123456])).toBe(
      '[1.8446744073709552e+19, 1500, 0.10000000000000001, -0, 1704164645.123456]',
    );
  });
  it('encodes a 64 MiB base64 string in one piece', () => {
    const s = 'QUJD'.repeat(16 * 1024 * 1024);
    const out = encodeJson({ 'buf-b64': s });
    expect(out.length).toBe(s.length + 15);
    expect(out.startsWith('{"buf-b64": "QUJD')).toBe(true);
  });
  it('rejects values JSON cannot hold', () => {
    expect(() => encodeJson(undefined)).toThrow(TypeError);
    expect(() => encodeJson({ f: () => 1 })).toThrow(TypeError);
  });
});
