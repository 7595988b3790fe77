import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { constants } from 'node:fs';
import { mkdtemp, readFile, stat, writeFile, truncate, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FILE_READ_MAX, GuestFileTable, defaultFileOpener, type FileOpener, type OpenFile } from './file-table.js';
import { HandleCounter } from './handle-counter.js';

async function scratch(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'ga-files-'));
}

function table(dir: string, extra: Partial<ConstructorParameters<typeof GuestFileTable>[0]> = {}): GuestFileTable {
  return new GuestFileTable({ counter: new HandleCounter(dir), ...extra });
}

describe('GuestFileTable on real files', () => {
  it('numbers handles from 1000 and continues after a restart through qga.state', async () => {
    const dir = await scratch();
    const t1 = table(dir);
    expect(await t1.open(join(dir, 'a'), 'w')).toBe(1000);
    expect(await t1.open(join(dir, 'a'))).toBe(1001);
    expect(await readFile(join(dir, 'qga.state'), 'utf8')).toBe('[global]\nfd_counter=1002\n');
    await t1.closeAll();
    const t2 = table(dir);
    expect(await t2.open(join(dir, 'a'))).toBe(1002);
    expect(await readFile(join(dir, 'qga.state'), 'utf8')).toBe('[global]\nfd_counter=1003\n');
    await t2.closeAll();
  });

  it('answers qemu-ga texts for a missing file, a bad mode and unknown handles', async () => {
    const dir = await scratch();
    const t = table(dir);
    await expect(t.open('/nonexistent/x')).rejects.toThrow(
      "failed to open file '/nonexistent/x' (mode: 'r'): No such file or directory",
    );
    await expect(t.open(join(dir, 'x'), 'zz')).rejects.toThrow("invalid file open mode 'zz'");
    await expect(t.read(1000)).rejects.toThrow("handle '1000' has not been found");
    // failed opens do not consume handle numbers
    expect(await t.open(join(dir, 'x'), 'w')).toBe(1000);
    await t.close(1000);
    await expect(t.close(1000)).rejects.toThrow("handle '1000' has not been found");
  });

  it('writes, seeks and reads with fread-like eof semantics', async () => {
    const dir = await scratch();
    const t = table(dir);
    const h = await t.open(join(dir, 'f'), 'w+');
    const data = Buffer.from('hello world\n');
    expect(await t.write(h, data)).toEqual({ count: 12, eof: false });
    await expect(t.write(h, data, 100)).rejects.toThrow("value '100' is invalid for argument count");
    expect(await t.seek(h, 0n, 0)).toEqual({ position: 0n, eof: false });
    const r = await t.read(h);
    expect(r.count).toBe(12);
    expect(r.data.toString()).toBe('hello world\n');
    expect(r.eof).toBe(true);
    expect(await t.read(h)).toEqual({ count: 0, data: Buffer.alloc(0), eof: true });
    await t.seek(h, 0n, 0);
    expect((await t.read(h, 0)).eof).toBe(false);
    const exact = await t.read(h, 12);
    expect(exact.eof).toBe(false);
    await expect(t.read(h, -1)).rejects.toThrow("value '-1' is invalid for argument count");
    await expect(t.read(h, 50331649)).rejects.toThrow("value '50331649' is invalid for argument count");
    await expect(t.seek(h, 0n, 7)).rejects.toThrow('invalid whence code 7');
    await expect(t.seek(h, -10n, 0)).rejects.toThrow('failed to seek file: Invalid argument');
    expect((await t.seek(h, 3n, 2)).position).toBe(15n);
    await t.flush(h);
    await t.closeAll();
  });

  it('appends in "a" mode and reports errno texts for the wrong direction', async () => {
    const dir = await scratch();
    const path = join(dir, 'g');
    await writeFile(path, 'abc');
    const t = table(dir);
    const a = await t.open(path, 'a');
    await t.write(a, Buffer.from('def'));
    expect(await readFile(path, 'utf8')).toBe('abcdef');
    await expect(t.read(a)).rejects.toThrow('failed to read file: Bad file descriptor');
    const r = await t.open(path, 'r');
    await expect(t.write(r, Buffer.from('x'))).rejects.toThrow('failed to write to file: Bad file descriptor');
    await t.closeAll();
  });

  it('opens directories, whose reads then fail like qemu-ga', async () => {
    const dir = await scratch();
    const t = table(dir);
    const h = await t.open(dir);
    await expect(t.read(h)).rejects.toThrow('failed to read file: Is a directory');
    await t.closeAll();
  });

  it('creates new files with 0666 minus the umask', async () => {
    const dir = await scratch();
    const t = table(dir);
    const path = join(dir, 'new');
    await t.open(path, 'w');
    const umask = process.umask();
    expect((await stat(path)).mode & 0o777).toBe(0o666 & ~umask);
    await t.closeAll();
  });

  it('limits the number of open handles', async () => {
    const dir = await scratch();
    const t = table(dir, { maxOpen: 2 });
    await t.open(dir);
    await t.open(dir);
    await expect(t.open(dir)).rejects.toThrow(/too many open guest files \(limit 2\)/);
    await t.close(1000);
    expect(await t.open(dir)).toBe(1002);
    await t.closeAll();
  });

  it('reads 48 MiB as one Buffer', async () => {
    const dir = await scratch();
    const path = join(dir, 'big');
    await writeFile(path, '');
    await truncate(path, FILE_READ_MAX + 10);
    const t = table(dir);
    const h = await t.open(path);
    const r = await t.read(h, FILE_READ_MAX);
    expect(r.count).toBe(FILE_READ_MAX);
    expect(r.data.length).toBe(FILE_READ_MAX);
    expect(r.eof).toBe(false);
    const rest = await t.read(h, FILE_READ_MAX);
    expect(rest.count).toBe(10);
    expect(rest.eof).toBe(true);
    await t.closeAll();
    await rm(dir, { recursive: true });
  });
});

describe('GuestFileTable reads from the page cache first', () => {
  /** defaultFileOpener, counting which of its two reads served each call. */
  function counting(): { opener: FileOpener; served: { cached: number; pool: number } } {
    const served = { cached: 0, pool: 0 };
    const opener: FileOpener = async (path, flags, mode) => {
      const f = await defaultFileOpener(path, flags, mode);
      return {
        ...f,
        read: async (buf, off, len) => (served.pool++, f.read(buf, off, len)),
        readCached: (buf, off, len) => {
          const n = f.readCached!(buf, off, len);
          if (n !== undefined) served.cached++;
          return n;
        },
      };
    };
    return { opener, served };
  }

  it('serves a file just written from the cache on the calling thread, position and eof as before', async () => {
    const dir = await scratch();
    const path = join(dir, 'cached');
    await writeFile(path, 'abcdefghij');
    const { opener, served } = counting();
    const t = table(dir, { opener });
    const h = await t.open(path);
    expect((await t.read(h, 4)).data.toString()).toBe('abcd');
    expect(await t.seek(h, 0n, 1)).toEqual({ position: 4n, eof: false });
    const rest = await t.read(h, 100);
    expect([rest.data.toString(), rest.eof]).toEqual(['efghij', true]);
    expect(served).toEqual({ cached: 3, pool: 0 });
    await t.closeAll();
  });

  it('goes to the thread pool where the file system cannot answer without waiting (procfs)', async () => {
    const dir = await scratch();
    const { opener, served } = counting();
    const t = table(dir, { opener });
    const h = await t.open('/proc/self/status');
    const r = await t.read(h, 65536);
    expect(r.data.toString()).toMatch(/^Name:/);
    expect(r.eof).toBe(true);
    expect(served.cached).toBe(0);
    expect(served.pool).toBeGreaterThan(0);
    await t.closeAll();
  });

  it('keeps O_NONBLOCK semantics for a FIFO: data is read, no data is qemu-ga\'s EAGAIN error', async () => {
    const dir = await scratch();
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const t = table(dir, { opener: counting().opener });
    const h = await t.open(fifo, 'r+');
    await writeFile(fifo, 'hello');
    expect((await t.read(h, 5)).data.toString()).toBe('hello');
    await expect(t.read(h, 5)).rejects.toThrow('failed to read file: Resource temporarily unavailable');
    await t.closeAll();
  });
});

describe('GuestFileTable open flags (recording fake)', () => {
  it('adds O_NONBLOCK|O_NOCTTY and passes 0666 as the create mode', async () => {
    const dir = await scratch();
    const calls: [string, number, number][] = [];
    const fake: OpenFile = {
      read: async () => 0,
      write: async (_b, _o, l) => l,
      seek: () => 0n,
      close: async () => undefined,
    };
    const opener: FileOpener = async (path, flags, mode) => {
      calls.push([path, flags, mode]);
      return fake;
    };
    const t = table(dir, { opener });
    await t.open('/p', 'r');
    await t.open('/p', 'a+b');
    const { O_RDONLY, O_RDWR, O_CREAT, O_APPEND, O_NONBLOCK, O_NOCTTY } = constants;
    expect(calls).toEqual([
      ['/p', O_RDONLY | O_NONBLOCK | O_NOCTTY, 0o666],
      ['/p', O_RDWR | O_CREAT | O_APPEND | O_NONBLOCK | O_NOCTTY, 0o666],
    ]);
  });
});

describe('GuestFileTable.readStreamed with a scripted file', () => {
  /** A 10-byte regular file whose reads return at most `step` bytes; read number `failAt` fails with EIO. */
  function scripted(step: number, failAt?: number): FileOpener {
    const data = Buffer.from('0123456789');
    let pos = 0;
    let reads = 0;
    return async () =>
      ({
        read: async (buf: Buffer, off: number, len: number) => {
          if (++reads === failAt) throw Object.assign(new Error('EIO'), { code: 'EIO' });
          const n = Math.min(step, len, data.length - pos);
          data.copy(buf, off, pos, pos + n);
          pos += n;
          return n;
        },
        write: async () => 0,
        seek: () => BigInt(pos),
        close: async () => undefined,
        stat: async () => ({ size: BigInt(data.length), regular: true }),
      }) satisfies OpenFile;
  }

  it('yields every byte in order through short reads, with two reused buffers', async () => {
    const dir = await scratch();
    const t = table(dir, { opener: scripted(3) });
    const h = await t.open('/x');
    const s = (await t.readStreamed(h, 64, 4))!;
    expect(s).toMatchObject({ count: 10, eof: true });
    const got: string[] = [];
    for await (const piece of s.pieces()) got.push(piece.toString());
    expect(got.join('')).toBe('0123456789');
    expect(got).toEqual(['012', '345', '678', '9']);
  });

  it('leaves no unhandled rejection when the caller stops while the next read fails', async () => {
    const dir = await scratch();
    const t = table(dir, { opener: scripted(2, 2) });
    const h = await t.open('/x');
    const s = (await t.readStreamed(h, 10, 2))!;
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      for await (const piece of s.pieces()) {
        expect(piece.toString()).toBe('01');
        break; // the writer failed: stop pulling while read 2 (which fails) is in flight
      }
      await new Promise((r) => setTimeout(r, 20));
      expect(unhandled).toEqual([]);
      await expect(
        (async () => {
          for await (const _ of (await t.readStreamed(h, 10, 2))!.pieces()) void _;
        })(),
      ).resolves.toBeUndefined();
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
