/**
 * A Writable for log lines that gathers what one turn of the event loop
 * writes and hands it to the fd in one write(2).
 *
 * Node writes to stderr synchronously when it is a pipe or a file (journald's
 * stream, a redirect), one syscall per line: under a burst of requests that
 * logs a line each, those syscalls cost more than the requests. Batching
 * keeps the synchronous write (so a line is never lost to a crash after the
 * turn that logged it, and nothing queues on the threadpool the transports
 * need) but pays it once per turn, after the replies of that turn went out.
 * The buffer is bounded: past `maxBytes` it is written at once. Whatever is
 * still held when the process exits is written in the 'exit' handler.
 */
import { writeSync } from 'node:fs';
import { Writable } from 'node:stream';

export interface BatchedFdStreamOptions {
  /** Write at once when this many bytes are held (default 64 KiB). */
  maxBytes?: number;
  /** The write(2) to use; tests inject one. Default fs.writeSync. */
  write?: (fd: number, data: Buffer) => void;
}

export class BatchedFdStream extends Writable {
  readonly #fd: number;
  readonly #maxBytes: number;
  readonly #write: (fd: number, data: Buffer) => void;
  #held: Buffer[] = [];
  #heldBytes = 0;
  #scheduled = false;
  /** While true nothing reaches the fd (see hold()). */
  #holding = false;
  readonly #onExit = (): void => this.flush();

  constructor(fd: number, opts: BatchedFdStreamOptions = {}) {
    super({ decodeStrings: true });
    this.#fd = fd;
    this.#maxBytes = opts.maxBytes ?? 64 * 1024;
    this.#write = opts.write ?? writeAll;
    process.on('exit', this.#onExit);
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    this.#keep(chunk);
    done();
  }

  /**
   * The same as write(text) without the stream machinery: a logger that
   * writes a line per request calls this (a Writable's write costs a few
   * objects and callbacks per line, which showed up per request).
   */
  append(text: string): void {
    this.#keep(Buffer.from(text));
  }

  #keep(chunk: Buffer): void {
    this.#held.push(chunk);
    this.#heldBytes += chunk.length;
    if (this.#heldBytes >= this.#maxBytes) this.flush();
    else if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  override _final(done: (err?: Error | null) => void): void {
    this.flush();
    process.off('exit', this.#onExit);
    done();
  }

  /**
   * Write what is held now, then keep every later line in memory until
   * release(): for a log whose fd may be a file on a filesystem about to be
   * frozen, where a write would block the agent that must thaw it. Lines are
   * kept without bound only as long as the caller holds; qemu-ga's logger
   * stops handing lines over while frozen, so only stragglers arrive here.
   */
  hold(): void {
    this.flush();
    this.#holding = true;
  }

  /** Write what was kept while held and go back to batching. */
  release(): void {
    this.#holding = false;
    this.flush();
  }

  /**
   * Write everything held now. A failing fd (stderr closed) loses the lines,
   * never the agent; a full non-blocking pipe (EAGAIN) keeps them for a retry.
   */
  flush(): void {
    this.#scheduled = false;
    if (this.#heldBytes === 0 || this.#holding) return;
    const data = this.#held.length === 1 ? this.#held[0]! : Buffer.concat(this.#held, this.#heldBytes);
    this.#held = [];
    this.#heldBytes = 0;
    try {
      this.#write(this.#fd, data);
    } catch (e) {
      const rest = (e as { unwritten?: Buffer }).unwritten;
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN' && rest && rest.length <= 4 * this.#maxBytes) {
        this.#held = [rest];
        this.#heldBytes = rest.length;
        this.#scheduled = true;
        setTimeout(() => this.flush(), 10).unref();
      }
    }
  }
}

/** writeSync until every byte is out (a pipe may take part of a large buffer). */
function writeAll(fd: number, data: Buffer): void {
  let off = 0;
  try {
    while (off < data.length) off += writeSync(fd, data, off, data.length - off);
  } catch (e) {
    Object.assign(e as object, { unwritten: data.subarray(off) });
    throw e;
  }
}

let stderrStream: BatchedFdStream | undefined;

/** The process's batched stderr (fd 2), created on first use and shared. */
export function batchedStderr(): BatchedFdStream {
  stderrStream ??= new BatchedFdStream(2);
  return stderrStream;
}
