import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { FdWriter, type WriteFn } from './fd-writer.js';

describe('FdWriter', () => {
  it('writes one buffer at a time, in order, finishing partial writes', async () => {
    const out: Buffer[] = [];
    let active = 0;
    let maxActive = 0;
    const write: WriteFn = async (_fd, buf, off, len) => {
      active++;
      maxActive = Math.max(maxActive, active);
      await new Promise((r) => setImmediate(r));
      const n = Math.min(len, 3); // the kernel takes at most 3 bytes per call
      out.push(Buffer.from(buf.subarray(off, off + n)));
      active--;
      return n;
    };
    const w = new FdWriter(7, { write });
    await Promise.all([w.push(Buffer.from('hello ')), w.push(Buffer.from('world')), w.push(Buffer.from('!'))]);
    expect(Buffer.concat(out).toString()).toBe('hello world!');
    expect(maxActive).toBe(1);
    expect(w.pendingBytes).toBe(0);
  });

  it('a write issued right after the previous one resolved is not stranded (sequential awaits)', async () => {
    const out: string[] = [];
    const write: WriteFn = async (_fd, buf, off, len) => {
      out.push(buf.subarray(off, off + len).toString());
      return len;
    };
    const w = new FdWriter(7, { write });
    for (const m of ['a', 'b', 'c']) await w.push(Buffer.from(m));
    expect(out).toEqual(['a', 'b', 'c']);
  });

  it('a burst of small buffers leaves in writes of up to 64 KiB, each settling its buffers together', async () => {
    const sizes: number[] = [];
    const write: WriteFn = async (_fd, _buf, _off, len) => {
      sizes.push(len);
      await new Promise((r) => setImmediate(r));
      return len;
    };
    const w = new FdWriter(7, { write });
    const line = Buffer.from('{"return": {}}\n');
    const done = Array.from({ length: 10_000 }, () => w.push(line));
    await Promise.all(done);
    // The first buffer goes alone (nothing queued behind it yet); the rest share writes.
    expect(sizes[0]).toBe(line.length);
    expect(sizes.slice(1).every((n) => n <= 64 * 1024)).toBe(true);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(10_000 * line.length);
    expect(sizes.length).toBeLessThanOrEqual(Math.ceil((10_000 * line.length) / (64 * 1024)) + 2);
    expect(new Set(done.slice(1)).size).toBe(sizes.length - 1);
  });

  it('a failed write rejects it and everything queued behind it', async () => {
    const write: WriteFn = async () => Promise.reject(Object.assign(new Error('EPIPE'), { code: 'EPIPE' }));
    const w = new FdWriter(7, { write });
    const a = w.push(Buffer.from('a'));
    const b = w.push(Buffer.from('b'));
    await expect(a).rejects.toThrow('EPIPE');
    await expect(b).rejects.toThrow('EPIPE');
    await expect(w.push(Buffer.from('c'))).rejects.toThrow('EPIPE');
  });

  it('bounds the queue (one oversized message still goes alone) and reports a stall', async () => {
    let release: (n: number) => void = () => {};
    const write: WriteFn = (_fd, _b, _o, len) => new Promise((r) => (release = () => r(len)));
    let stalled = false;
    const w = new FdWriter(7, { write, maxQueuedBytes: 10, stallTimeoutMs: 20, onStall: () => (stalled = true) });
    const big = w.push(Buffer.alloc(50));
    await expect(w.push(Buffer.alloc(1))).rejects.toThrow(/output queue full/);
    while (!stalled) await new Promise((r) => setTimeout(r, 10));
    release(50);
    await big;
  });

  it('any split of the kernel\'s partial writes delivers every byte, in call order (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.uint8Array({ minLength: 0, maxLength: 40 }), { maxLength: 8 }),
        fc.array(fc.integer({ min: 1, max: 16 }), { minLength: 1, maxLength: 8 }),
        async (messages, steps) => {
          const out: number[] = [];
          let i = 0;
          const write: WriteFn = async (_fd, buf, off, len) => {
            const n = Math.min(len, steps[i++ % steps.length]!);
            out.push(...buf.subarray(off, off + n));
            return n;
          };
          const w = new FdWriter(3, { write });
          await Promise.all(messages.map((m) => w.push(Buffer.from(m))));
          expect(Buffer.from(out).equals(Buffer.concat(messages.map((m) => Buffer.from(m))))).toBe(true);
        },
      ),
      { numRuns: Number(process.env.GA_FUZZ_RUNS ?? 1000) },
    );
  });
});
