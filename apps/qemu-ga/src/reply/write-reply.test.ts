import { describe, expect, it } from '@jest/globals';
import { sendResponse } from './write-reply.js';
import { Base64Source } from './base64-source.js';
import { Base64Blob } from './base64-blob.js';
import { encodeJson } from '@ga/framing/json-encode';

async function collect(response: Record<string, unknown>, opts = {}) {
  const out: Buffer[] = [];
  let error: unknown;
  await sendResponse(response, async (b) => void out.push(Buffer.from(b)), encodeJson, opts).done.catch((e) => (error = e));
  return { text: Buffer.concat(out).toString('latin1'), pieces: out, error };
}

async function* pieces(data: Buffer, sizes: number[]) {
  let off = 0;
  for (const n of sizes) {
    yield data.subarray(off, off + n);
    off += n;
  }
  if (off < data.length) yield data.subarray(off);
}

describe('reply writer', () => {
  it('streams a Base64Source in odd-sized pieces with padding only at the end', async () => {
    const data = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));
    const src = new Base64Source(data.length, () => pieces(data, [1, 2, 4, 100, 333]));
    const { text, error } = await collect({ return: { count: data.length, 'buf-b64': src, eof: false } });
    expect(error).toBeUndefined();
    expect(text).toBe(`{"return": {"count": 1000, "buf-b64": "${data.toString('base64')}", "eof": false}}\n`);
  });

  it('keeps the JSON line complete when a source fails, and reports it', async () => {
    const src = new Base64Source(10, async function* () {
      yield Buffer.from('abc');
      throw new Error('EIO');
    });
    const { text, error } = await collect({ return: { 'buf-b64': src, eof: true }, id: 1n });
    expect(text).toBe(`{"return": {"buf-b64": "${Buffer.from('abc').toString('base64')}", "eof": true}, "id": 1}\n`);
    expect((error as Error).message).toBe('EIO');
  });

  it('drops bytes beyond the announced length', async () => {
    const src = new Base64Source(2, async function* () {
      yield Buffer.from('abcd');
    });
    const { text, error } = await collect({ return: { d: src } });
    expect(text).toBe(`{"return": {"d": "${Buffer.from('ab').toString('base64')}"}}\n`);
    expect((error as Error).message).toMatch(/more than its announced 2 bytes/);
  });

  it('prefixes 0xFF only once, before the first byte, with blobs too', async () => {
    const { text } = await collect({ return: { a: new Base64Blob(Buffer.from('x')), b: new Base64Blob(Buffer.alloc(0)) } }, { delimited: true });
    expect(text).toBe('\xff{"return": {"a": "eA==", "b": ""}}\n');
    const streamed = await collect({ return: { s: new Base64Source(1, async function* () {
      yield Buffer.from('x');
    }) } }, { delimited: true });
    expect(streamed.text).toBe('\xff{"return": {"s": "eA=="}}\n');
  });

  it('inlines blobs up to one piece in one write, and streams a bigger one after a smaller streamed one', async () => {
    const small = await collect({ return: { 'out-data': new Base64Blob(Buffer.alloc(65536, 1)) } });
    expect(small.pieces).toHaveLength(1);
    // Two streamed members of different sizes (exec-status out-data/err-data): the second needs a bigger buffer.
    const a = Buffer.alloc(10, 7);
    const b = Buffer.from(Array.from({ length: 3 * 1024 * 1024 + 5 }, (_, i) => i % 253));
    const src = (d: Buffer) => new Base64Source(d.length, async function* () {
      yield d;
    });
    const { text, error } = await collect({ return: { x: src(a), y: src(b) } });
    expect(error).toBeUndefined();
    const parsed = JSON.parse(text) as { return: Record<string, string> };
    expect(Buffer.from(parsed.return.x!, 'base64').equals(a)).toBe(true);
    expect(Buffer.from(parsed.return.y!, 'base64').equals(b)).toBe(true);
  });
});
