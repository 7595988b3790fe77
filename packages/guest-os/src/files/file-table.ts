import { open as fsOpen } from 'node:fs/promises';
import { HandleCounter } from './handle-counter.js';
import { errnoText } from '@ga/native/errno';
import { libc } from '@ga/native/libc';
import { openFlagsForMode } from './open-mode.js';

/** guest-file-read's default `count` (QGA_READ_COUNT_DEFAULT). */
export const FILE_READ_DEFAULT = 4096;
/** guest-file-read's largest `count`: 48 MiB (GUEST_FILE_READ_COUNT_MAX). */
export const FILE_READ_MAX = 48 * 1024 * 1024;
/** Downstream limit on simultaneously open guest-file handles (qemu-ga has none). */
export const DEFAULT_MAX_OPEN_FILES = 1024;

/** An open file as the table uses it; the real one wraps a Node FileHandle. */
export interface OpenFile {
  /** read(2) at the current offset; resolves bytes read (0 = EOF). */
  read(buf: Buffer, offset: number, length: number): Promise<number>;
  /**
   * The same read done now, on the calling thread, only from what the page
   * cache holds: bytes read (0 = EOF), or undefined where that would wait
   * (not cached, not supported, any error: read() then does it and reports
   * errors). Optional: without it every read goes through read().
   */
  readCached?(buf: Buffer, offset: number, length: number): number | undefined;
  /** write(2) at the current offset (end of file with O_APPEND). */
  write(buf: Buffer, offset: number, length: number): Promise<number>;
  /** lseek(2); returns the new offset. */
  seek(offset: bigint, whence: number): bigint;
  close(): Promise<void>;
  /** fstat(2): size, and whether that size is meaningful (a regular file). Optional: without it reads are never streamed. */
  stat?(): Promise<{ size: bigint; regular: boolean }>;
}

/** Opens a path; rejects with a Node-style error (errno/code) on failure. */
export type FileOpener = (path: string, flags: number, createMode: number) => Promise<OpenFile>;

const EAGAIN = 11;

/**
 * Real opener: Node's fs (which adds O_CLOEXEC) plus lseek and non-blocking
 * reads through libc. A read from the page cache takes a few microseconds on
 * the event loop; the thread pool round trip costs ten times that. What is
 * not cached (a disk, a dead NFS server) still goes to the thread pool, so
 * no read can stall the agent.
 */
export const defaultFileOpener: FileOpener = async (path, flags, createMode) => {
  const fh = await fsOpen(path, flags, createMode);
  let noWait = true;
  return {
    read: async (buf, offset, length) => (await fh.read(buf, offset, length, null)).bytesRead,
    readCached(buf, offset, length) {
      if (!noWait) return undefined;
      try {
        return libc().readNoWait(fh.fd, buf.subarray(offset, offset + length));
      } catch (err) {
        // Only "not cached now" is worth asking again; EOPNOTSUPP (procfs, FUSE), a missing koffi and the rest are not.
        if ((err as { errno?: number }).errno !== EAGAIN) noWait = false;
        return undefined;
      }
    },
    write: async (buf, offset, length) => (await fh.write(buf, offset, length, null)).bytesWritten,
    seek: (offset, whence) => libc().lseek(fh.fd, offset, whence),
    close: () => fh.close(),
    stat: async () => {
      const st = await fh.stat({ bigint: true });
      return { size: st.size, regular: st.isFile() };
    },
  };
};

export interface FileTableOptions {
  /** Supplies handle numbers (persisted in the state dir). */
  counter: HandleCounter;
  opener?: FileOpener;
  /** Limit on open handles; default {@link DEFAULT_MAX_OPEN_FILES}. */
  maxOpen?: number;
  /**
   * Permission bits for newly created files before the umask applies. 0o666 by
   * default, so the process umask decides (qemu-ga forces 0666 regardless of
   * umask; the project chose to honour it, see qemu-ga.md §7 "Files").
   */
  createMode?: number;
}

/** A read whose bytes are pulled after the reply has started (see readStreamed). */
export interface StreamedRead {
  /** Bytes the pieces will hold, known before reading: min(count, size - position). */
  count: number;
  eof: boolean;
  /** Yields the bytes in order; a piece stays valid until the one after the next is pulled. */
  pieces: () => AsyncIterable<Buffer>;
}

export interface FileReadResult {
  /** Bytes actually read; `data.length === count`. */
  count: number;
  data: Buffer;
  /** True when the read stopped short because it reached end of file. */
  eof: boolean;
}

/**
 * The agent's guest-file-* handles. They belong to the agent, not to a client
 * connection: a host that reconnects keeps using them (qemu-ga.md §2.3.1).
 * Every failure throws an Error whose message is qemu-ga's exact text.
 */
export class GuestFileTable {
  private readonly files = new Map<number, OpenFile>();
  private readonly opener: FileOpener;
  private readonly maxOpen: number;
  private readonly createMode: number;

  constructor(private readonly options: FileTableOptions) {
    this.opener = options.opener ?? defaultFileOpener;
    this.maxOpen = options.maxOpen ?? DEFAULT_MAX_OPEN_FILES;
    this.createMode = options.createMode ?? 0o666;
  }

  /** Number of open handles. */
  get size(): number {
    return this.files.size;
  }

  /** guest-file-open: returns the new handle (1000, 1001, … across restarts). */
  async open(path: string, mode = 'r'): Promise<number> {
    const flags = openFlagsForMode(mode);
    if (flags === undefined) throw new Error(`invalid file open mode '${mode}'`);
    if (this.files.size >= this.maxOpen) {
      throw new Error(
        `too many open guest files (limit ${this.maxOpen}); close unused handles with guest-file-close`,
      );
    }
    let file: OpenFile;
    try {
      file = await this.opener(path, flags, this.createMode);
    } catch (err) {
      throw new Error(`failed to open file '${path}' (mode: '${mode}'): ${errnoText(err)}`);
    }
    let handle: number;
    try {
      handle = await this.options.counter.take();
    } catch (err) {
      await file.close().catch(() => undefined);
      throw err;
    }
    this.files.set(handle, file);
    return handle;
  }

  /** Throws qemu-ga's `handle 'N' has not been found` for an unknown handle. */
  get(handle: number | bigint): OpenFile {
    const file = this.files.get(Number(handle));
    if (file === undefined) throw new Error(`handle '${handle}' has not been found`);
    return file;
  }

  /** guest-file-close. The handle stays valid if close(2) itself fails. */
  async close(handle: number): Promise<void> {
    const file = this.get(handle);
    try {
      await file.close();
    } catch (err) {
      throw new Error(`failed to close handle: ${errnoText(err)}`);
    }
    this.files.delete(handle);
  }

  /**
   * guest-file-read: up to `count` bytes (default 4096, 0..48 MiB) as ONE
   * Buffer, looping over short reads like fread(3) so `eof` means "hit end of
   * file", never "the kernel returned less this time".
   */
  async read(handle: number, count?: number): Promise<FileReadResult> {
    const file = this.get(handle);
    const wanted = count ?? FILE_READ_DEFAULT;
    if (!Number.isInteger(wanted) || wanted < 0 || wanted > FILE_READ_MAX) {
      throw new Error(`value '${wanted}' is invalid for argument count`);
    }
    const buf = Buffer.allocUnsafe(wanted);
    let total = 0;
    let eof = false;
    try {
      while (total < wanted) {
        const n = file.readCached?.(buf, total, wanted - total) ?? (await file.read(buf, total, wanted - total));
        if (n === 0) {
          eof = true;
          break;
        }
        total += n;
      }
    } catch (err) {
      throw new Error(`failed to read file: ${errnoText(err)}`);
    }
    // A short read of a big request should not pin the whole allocation until the reply is sent.
    const data = wanted - total > 65536 ? Buffer.from(buf.subarray(0, total)) : buf.subarray(0, total);
    return { count: total, data, eof };
  }

  /**
   * guest-file-read without holding `count` bytes: for a regular file the
   * result's size and eof follow from fstat and the position (fread of
   * `count` from `pos` stops at min(count, size - pos) and hits EOF exactly
   * when count exceeds what is left), so the reply's JSON can be written
   * first and the bytes streamed behind it through one reused buffer.
   * Undefined where that cannot be known (pipes, /proc, /sys: size 0 or
   * wrong), for the caller to use read(). A file that shrinks while being
   * streamed yields fewer bytes than announced; the reply writer reports it.
   */
  async readStreamed(handle: number, count: number, pieceBytes = 768 * 1024): Promise<StreamedRead | undefined> {
    const file = this.get(handle);
    if (!Number.isInteger(count) || count < 0 || count > FILE_READ_MAX) {
      throw new Error(`value '${count}' is invalid for argument count`);
    }
    if (!file.stat) return undefined;
    let size: bigint;
    let pos: bigint;
    try {
      const st = await file.stat();
      if (!st.regular || st.size === 0n) return undefined;
      size = st.size;
      pos = file.seek(0n, 1);
    } catch {
      return undefined; // read() reports the error as qemu-ga words it
    }
    const left = size > pos ? size - pos : 0n;
    const n = left < BigInt(count) ? Number(left) : count;
    return {
      count: n,
      eof: BigInt(count) > left,
      // Two buffers: the next piece is read while the caller encodes and sends this one.
      pieces: async function* () {
        const size = Math.max(1, Math.min(pieceBytes, n));
        const bufs: (Buffer | undefined)[] = [Buffer.allocUnsafe(size), undefined];
        let done = 0;
        let k = 0;
        const readInto = (buf: Buffer): Promise<number> => {
          const p = file.read(buf, 0, Math.min(buf.length, n - done)).catch((err: unknown) => {
            throw new Error(`failed to read file: ${errnoText(err)}`);
          });
          // A caller that stops early (the client went away) leaves a read in flight: not an unhandled rejection.
          p.catch(() => undefined);
          return p;
        };
        let pending = readInto(bufs[0]!);
        while (done < n) {
          const got = await pending;
          if (got === 0) return;
          done += got;
          const cur = bufs[k]!;
          k ^= 1;
          // Positions stay in order: the next read starts only after this one returned.
          if (done < n) pending = readInto((bufs[k] ??= Buffer.allocUnsafe(size)));
          else pending = Promise.resolve(0);
          yield cur.subarray(0, got);
        }
      },
    };
  }

  /**
   * guest-file-write: writes `count` bytes of `data` (default all of it);
   * `count` beyond the decoded length is qemu-ga's argument error.
   */
  async write(handle: number, data: Buffer, count?: number): Promise<{ count: number; eof: boolean }> {
    const file = this.get(handle);
    const n = count ?? data.length;
    if (!Number.isInteger(n) || n < 0 || n > data.length) {
      throw new Error(`value '${n}' is invalid for argument count`);
    }
    let written = 0;
    try {
      while (written < n) {
        const w = await file.write(data, written, n - written);
        if (w === 0) break;
        written += w;
      }
    } catch (err) {
      throw new Error(`failed to write to file: ${errnoText(err)}`);
    }
    // fwrite never sets the EOF indicator, so qemu-ga always answers false.
    return { count: written, eof: false };
  }

  /**
   * guest-file-seek with a numeric whence (0 set, 1 cur, 2 end; QGA_SEEK_*).
   * `eof` is always false: fseek clears the indicator in qemu-ga.
   */
  async seek(handle: number, offset: bigint, whence: number | bigint): Promise<{ position: bigint; eof: boolean }> {
    const file = this.get(handle);
    const w = Number(whence);
    if (w !== 0 && w !== 1 && w !== 2) throw new Error(`invalid whence code ${whence}`);
    try {
      return { position: file.seek(offset, w), eof: false };
    } catch (err) {
      throw new Error(`failed to seek file: ${errnoText(err)}`);
    }
  }

  /** guest-file-flush: nothing is buffered in the agent, so only the handle is checked. */
  async flush(handle: number): Promise<void> {
    this.get(handle);
  }

  /** Closes every handle (agent shutdown). */
  async closeAll(): Promise<void> {
    const files = [...this.files.values()];
    this.files.clear();
    await Promise.all(files.map((f) => f.close().catch(() => undefined)));
  }
}
