import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileXfers, XFER_STATUS } from './file-xfers.js';

const quiet = { debug: () => undefined, warn: () => undefined, error: () => undefined };

function start(id: number, name: string, size: number, extra = ''): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt32LE(id);
  return Buffer.concat([head, Buffer.from(`[vdagent-file-xfer]\nname=${name}\nsize=${size}\n${extra}\0`)]);
}

function data(id: number, bytes: Buffer, claimed = bytes.length): Buffer {
  const head = Buffer.alloc(12);
  head.writeUInt32LE(id);
  head.writeBigUInt64LE(BigInt(claimed), 4);
  return Buffer.concat([head, bytes]);
}

function status(id: number, result: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeUInt32LE(id);
  b.writeUInt32LE(result, 4);
  return b;
}

describe('file transfers', () => {
  let dir: string;
  let sent: { id: number; result: number; detail?: string }[];
  let opened: string[];
  let x: FileXfers;
  const settle = async () => {
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    await x.settled();
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'xfers-'));
    sent = [];
    opened = [];
    x = new FileXfers(
      { saveDir: dir, openDir: true, openFolder: async (d) => (opened.push(d), true), freeSpace: async () => 1000n },
      (id, result, detail) => sent.push(detail ? { id, result, detail: detail.toString('hex') } : { id, result }),
      quiet,
    );
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const waitFor = async (n: number) => {
    for (let i = 0; i < 200 && sent.length < n; i++) await new Promise((r) => setTimeout(r, 5));
  };

  it('saves under the basename without clobbering, then opens the folder', async () => {
    writeFileSync(join(dir, 'a.txt'), 'old');
    await x.start(start(1, '../../a.txt', 5));
    x.data(data(1, Buffer.from('hel')));
    x.data(data(1, Buffer.from('lo')));
    await waitFor(2);
    expect(sent).toEqual([{ id: 1, result: XFER_STATUS.CAN_SEND_DATA }, { id: 1, result: XFER_STATUS.SUCCESS }]);
    expect(readFileSync(join(dir, 'a (1).txt'), 'utf8')).toBe('hello');
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('old');
    expect(readdirSync(dir).sort()).toEqual(['a (1).txt', 'a.txt']);
    expect(opened).toEqual([dir]);
  });

  it('answers NOT_ENOUGH_SPACE with the free bytes, ERROR for a bad start', async () => {
    await x.start(start(2, 'big', 1001));
    await x.start(start(3, '..', 1));
    await x.start(Buffer.from('\x04\0\0\0[oops]\n'));
    expect(sent).toEqual([{ id: 2, result: XFER_STATUS.NOT_ENOUGH_SPACE, detail: 'e803000000000000' }, { id: 3, result: XFER_STATUS.ERROR }, { id: 4, result: XFER_STATUS.ERROR }]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses too much data and a lying length, leaving nothing behind', async () => {
    await x.start(start(5, 'f', 2));
    x.data(data(5, Buffer.from('abc')));
    await x.start(start(6, 'g', 4));
    x.data(data(6, Buffer.from('ab'), 4));
    await settle();
    expect(sent.filter((s) => s.result !== XFER_STATUS.CAN_SEND_DATA)).toEqual([{ id: 5, result: XFER_STATUS.ERROR }, { id: 6, result: XFER_STATUS.ERROR }]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a cancel from the client removes the partial file silently', async () => {
    await x.start(start(7, 'part.bin', 10));
    x.data(data(7, Buffer.from('12345')));
    x.status(status(7, XFER_STATUS.CANCELLED));
    x.data(data(7, Buffer.from('67890')));
    await settle();
    expect(sent).toEqual([{ id: 7, result: XFER_STATUS.CAN_SEND_DATA }]);
    expect(readdirSync(dir)).toEqual([]);
    expect(x.active).toBe(0);
  });

  it('a zero-byte file completes with its one empty DATA; the folder waits for the batch end', async () => {
    await x.start(start(8, 'empty', 0, 'file-xfer-nr=1\nfile-xfer-total=2\n'));
    x.data(data(8, Buffer.alloc(0)));
    await waitFor(2);
    expect(sent[1]).toEqual({ id: 8, result: XFER_STATUS.SUCCESS });
    expect(readFileSync(join(dir, 'empty')).length).toBe(0);
    expect(opened).toEqual([]);
  });

  it('a missing save folder is an ERROR, not a created folder', async () => {
    const y = new FileXfers({ saveDir: join(dir, 'nope'), openDir: false, openFolder: async () => true }, (id, result) => sent.push({ id, result }), quiet);
    await y.start(start(9, 'x', 1));
    expect(sent).toEqual([{ id: 9, result: XFER_STATUS.ERROR }]);
    expect(readdirSync(dir)).toEqual([]);
  });
});
