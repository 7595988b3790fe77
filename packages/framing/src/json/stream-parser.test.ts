import { describe, expect, it } from '@jest/globals';
import { JsonStreamParser, type JsonStreamLimits } from './stream-parser.js';
import { KEY_ORDER, type JsonValue } from './value.js';

type Ev = { value: JsonValue } | { error: string };

/** Feeds each chunk (latin1 strings, so "\xff" is the byte 0xFF) and returns events. */
function run(chunks: (string | Buffer)[], limits?: JsonStreamLimits): Ev[] {
  const events: Ev[] = [];
  const p = new JsonStreamParser(
    { onValue: (value) => events.push({ value }), onError: (error) => events.push({ error }) },
    limits,
  );
  for (const c of chunks) p.feed(typeof c === 'string' ? Buffer.from(c, 'latin1') : c);
  return events;
}
const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');
const err = (desc: string): Ev => ({ error: `JSON parse error, ${desc}` });

describe('JsonStreamParser framing (qemu-ga.md §1, §8 cases 1-28)', () => {
  it('completes an object at its closing brace, no newline needed', () => {
    expect(run(['{"execute":"guest-ping"}'])).toEqual([{ value: { execute: 'guest-ping' } }]);
    expect(run(['{"execute":"guest-ping"}\n'])).toEqual([{ value: { execute: 'guest-ping' } }]);
  });
  it('parses ids of any type, single quotes and several objects per write', () => {
    expect(run(['{"execute":"guest-ping","id":{"a":[1,2]}}'])).toEqual([
      { value: { execute: 'guest-ping', id: { a: [1n, 2n] } } },
    ]);
    expect(run(["{'execute':'guest-ping','id':'it\\'s \"q\"'}"])).toEqual([
      { value: { execute: 'guest-ping', id: 'it\'s "q"' } },
    ]);
    expect(run(['{"execute":"guest-ping"}{"execute":"guest-ping","id":2}'])).toEqual([
      { value: { execute: 'guest-ping' } },
      { value: { execute: 'guest-ping', id: 2n } },
    ]);
  });
  it('joins a request split across writes', () => {
    expect(run(['{"execute":', '"guest-ping"}'])).toEqual([{ value: { execute: 'guest-ping' } }]);
    const bytes = '{"execute":"guest-sync","arguments":{"id":9223372036854775807}}';
    expect(run(bytes.split(''))).toEqual([
      { value: { execute: 'guest-sync', arguments: { id: 9223372036854775807n } } },
    ]);
  });
  it('completes a top-level scalar only when the next byte arrives', () => {
    expect(run(['42'])).toEqual([]);
    expect(run(['42', ' '])).toEqual([{ value: 42n }]);
    expect(run(['[1,2]"str"'])).toEqual([{ value: [1n, 2n] }, { value: 'str' }]);
  });
  it('reports the malformed-input errors qemu-ga reports', () => {
    expect(run(['garbage\n'])).toEqual([err("invalid keyword 'garbage'")]);
    expect(run(['{"execute" "guest-ping"}'])).toEqual([err('missing : in object pair')]);
    expect(run(['}'])).toEqual([err('expecting value')]);
    expect(run(['{"execute":"guest-ping","id":5,}'])).toEqual([err('expecting value')]);
    expect(run(['{"execute":"guest-ping","execute":"guest-info"}'])).toEqual([err('duplicate key')]);
    expect(run(['{"execute":"guest-ping","id":"bad\xC3\x28"}'])).toEqual([err('invalid UTF-8 sequence in string')]);
    expect(run(['{"a":1]'])).toEqual([err('expected separator in dict')]);
    expect(run(['[1 2]'])).toEqual([err('expected separator in list')]);
    expect(run(['{1:2}'])).toEqual([err('key is not a string in object')]);
    expect(run(['"\\x"'])).toEqual([err('invalid escape sequence in string')]);
    expect(run(['"\\uD800"', '"\\u12"'])).toEqual([
      err('\\uD800 is not a valid Unicode character'),
      err('\\u12" is not a valid Unicode character'),
    ]);
  });
  it('treats 0xFF and control characters as resets with a stray error', () => {
    expect(run(['\xff'])).toEqual([err("stray '\uFFFD'")]);
    expect(run(['\x01'])).toEqual([err("stray '\u0001'")]);
    expect(run(['\x00'])).toEqual([err("stray ''")]);
    expect(run(['\xff{"execute":"guest-sync-delimited","arguments":{"id":99}}'])).toEqual([
      err("stray '\uFFFD'"),
      { value: { execute: 'guest-sync-delimited', arguments: { id: 99n } } },
    ]);
    const evs = run(['{"execute":"guest-sync","arguments":{"id":', '\x01{"execute":"guest-ping","id":"r"}']);
    expect(evs[0]).toEqual(err("stray '\u0001'"));
    expect(evs.at(-1)).toEqual({ value: { execute: 'guest-ping', id: 'r' } });
  });
  it('recovers after a bad byte inside a string (two errors, then the next request)', () => {
    expect(run(['{"execute":"guest-pi\xffng"}{"execute":"guest-ping","id":"after"}'])).toEqual([
      err("stray '\"guest-pi\uFFFD'"),
      err('expecting value'),
      { value: { execute: 'guest-ping', id: 'after' } },
    ]);
    expect(run(['abcD'])).toEqual([err("invalid keyword 'abc'"), err("stray 'D'")]);
    expect(run(['[}]'])).toEqual([err('expecting value'), err('expecting value')]);
  });
  it('decodes UTF-8, escapes, \\u0000 and surrogate pairs', () => {
    expect(run([utf8('{"id":"héllo ✓ 😀"}')])).toEqual([{ value: { id: 'héllo ✓ 😀' } }]);
    expect(run(['"\\u0000\\ud83d\\ude00\\u007f\\/\\b\\f\\n\\r\\t"', ' '])).toEqual([
      { value: '\u0000😀\u007f/\b\f\n\r\t' },
    ]);
    expect(run(['"\xC0\x80"'])).toEqual([{ value: '\u0000' }]);
    expect(run([utf8('"\uFDD0"')])).toEqual([err('invalid UTF-8 sequence in string')]);
  });
  it('keeps integers exact in int64 and uint64 range, doubles beyond', () => {
    const ids = run(['[9223372036854775807,-9223372036854775808,18446744073709551615,18446744073709551616,-9223372036854775809,-0,1.5e3,-0.0]']);
    expect(ids).toEqual([
      {
        value: [
          9223372036854775807n,
          -9223372036854775808n,
          18446744073709551615n,
          18446744073709551616,
          -9223372036854775809,
          0n,
          1500,
          -0,
        ],
      },
    ]);
  });
  it('makes "__proto__" an own member and records index-key order', () => {
    const [ev] = run(['{"__proto__":{"x":1},"b":1,"1":2}']) as [{ value: Record<string | symbol, unknown> }];
    expect(Object.getPrototypeOf(ev.value)).toBe(Object.prototype);
    expect(Object.keys(ev.value)).toEqual(['1', '__proto__', 'b']);
    expect(ev.value[KEY_ORDER]).toEqual(['__proto__', 'b', '1']);
  });
  it('enforces nesting, token count and token size limits with qemu-ga texts', () => {
    expect(run(['['.repeat(1025)])[0]).toEqual({ error: 'JSON nesting depth limit exceeded' });
    const deep = `${'['.repeat(1000)}${']'.repeat(1000)}`;
    expect(run([deep])).toHaveLength(1);
    expect(run(['[1,2,3,4]'], { maxTokens: 5 })[0]).toEqual({ error: 'JSON token count limit exceeded' });
    expect(run([`"${'a'.repeat(20)}"`], { maxTokenBytes: 16 })[0]).toEqual({ error: 'JSON token size limit exceeded' });
    // a string token of exactly the limit still fails (size + 1 > limit); one byte less passes
    expect(run([`"${'a'.repeat(13)}"`], { maxTokenBytes: 16 })).toEqual([{ value: 'a'.repeat(13) }]);
    expect(run([`"${'a'.repeat(14)}"`], { maxTokenBytes: 16 })).toEqual([{ error: 'JSON token size limit exceeded' }]);
    // all tokens of a message count together
    expect(run(['["aaaaa","bbbbb","ccccc"]'], { maxTokenBytes: 16 })[0]).toEqual({
      error: 'JSON token size limit exceeded',
    });
  });
  it('drops partial input on reset()', () => {
    const events: Ev[] = [];
    const p = new JsonStreamParser({
      onValue: (value) => events.push({ value }),
      onError: (error) => events.push({ error }),
    });
    p.feed(Buffer.from('{"execute":"guest-pi'));
    p.reset();
    p.feed(Buffer.from('{"execute":"guest-ping"}'));
    expect(events).toEqual([{ value: { execute: 'guest-ping' } }]);
  });
  it('survives callbacks that throw, reset or feed re-entrantly', () => {
    const seen: JsonValue[] = [];
    const p: JsonStreamParser = new JsonStreamParser({
      onValue: (value) => {
        seen.push(value);
        if (value === 'throw') throw new Error('handler bug');
        if (value === 'feed') p.feed(Buffer.from('"fed" '));
        if (value === 'reset') p.reset();
      },
      onError: () => {},
    });
    expect(() => p.feed(Buffer.from('"throw" "feed" "after" '))).toThrow('handler bug');
    expect(seen).toEqual(['throw', 'feed', 'after', 'fed']);
    p.feed(Buffer.from('"reset" "dropped" '));
    p.feed(Buffer.from('"next" '));
    expect(seen.slice(4)).toEqual(['reset', 'next']);
  });
  it('keeps a 16 MiB base64 string in one piece across many chunks', () => {
    const body = 'QUJD'.repeat(4 * 1024 * 1024);
    const msg = Buffer.from(`{"execute":"guest-file-write","arguments":{"handle":1000,"buf-b64":"${body}"}}`);
    const chunks: Buffer[] = [];
    for (let i = 0; i < msg.length; i += 65536) chunks.push(msg.subarray(i, i + 65536));
    const evs = run(chunks) as [{ value: { arguments: { 'buf-b64': string } } }];
    expect(evs).toHaveLength(1);
    expect(evs[0].value.arguments['buf-b64'].length).toBe(body.length);
    expect(evs[0].value.arguments['buf-b64'] === body).toBe(true);
  });
});
