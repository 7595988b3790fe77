/**
 * A single serialized write queue on a raw fd (virtio-serial, vsock), since
 * concurrent fs.write calls on threadpool threads have no ordering guarantee
 * (e2e-feasibility.md §3). Each queued buffer resolves once every byte was
 * written, or rejects: never partial and silent.
 */
import { write as fsWrite } from 'node:fs';
import { WriteBatch } from './write-batch.js';

/** Write up to `length` bytes of `buf` from `offset`; resolves with the count written. */
export type WriteFn = (fd: number, buf: Buffer, offset: number, length: number) => Promise<number>;

export const defaultWrite: WriteFn = (fd, buf, offset, length) =>
  new Promise((resolve, reject) => {
    fsWrite(fd, buf, offset, length, null, (err, n) => (err ? reject(err) : resolve(n)));
  });

export interface FdWriterOptions {
  write?: WriteFn;
  /**
   * Bytes that may wait; one message larger than this is still accepted
   * when nothing else waits. Beyond it `push` rejects at once.
   */
  maxQueuedBytes?: number;
  /** Called when a write makes no progress for this long (the peer stopped reading). 0 = never. */
  stallTimeoutMs?: number;
  onStall?: () => void;
}

export class FdWriter {
  /** Batches not started yet; only the last one still takes buffers. */
  private readonly queue: WriteBatch[] = [];
  /** The batch being written. */
  private writing: WriteBatch | undefined;
  private queuedBytes = 0;
  private inFlight: Promise<void> | undefined;
  private failure: Error | undefined;
  private stallTimer: NodeJS.Timeout | undefined;
  private readonly writeFn: WriteFn;

  constructor(
    private readonly fd: number,
    private readonly opts: FdWriterOptions = {},
  ) {
    this.writeFn = opts.write ?? defaultWrite;
  }

  /** Bytes accepted but not yet written. */
  get pendingBytes(): number {
    return this.queuedBytes;
  }

  push(buf: Buffer): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    const max = this.opts.maxQueuedBytes ?? Infinity;
    if (this.queuedBytes > 0 && this.queuedBytes + buf.length > max) {
      return Promise.reject(new Error(`output queue full (${this.queuedBytes} bytes waiting): the peer is not reading`));
    }
    // Small buffers queued behind each other (a burst of replies) share a write.
    let b = this.queue[this.queue.length - 1];
    if (!b?.fits(buf.length)) this.queue.push((b = new WriteBatch()));
    b.add(buf);
    this.queuedBytes += buf.length;
    this.kick();
    return b.done;
  }

  /** Reject everything queued (and the write in progress) with `err`; later pushes reject too. */
  failAll(err: Error): void {
    this.failure ??= err;
    this.disarm();
    this.writing?.reject(err);
    this.writing = undefined;
    for (const b of this.queue.splice(0)) b.reject(err);
    this.queuedBytes = 0;
  }

  /** Resolves when no write syscall is in progress (so the fd may be closed safely). */
  async idle(): Promise<void> {
    while (this.inFlight) await this.inFlight;
  }

  private arm(): void {
    const ms = this.opts.stallTimeoutMs ?? 0;
    if (ms <= 0) return;
    this.disarm();
    this.stallTimer = setTimeout(() => this.opts.onStall?.(), ms);
  }

  private disarm(): void {
    if (this.stallTimer) clearTimeout(this.stallTimer);
    this.stallTimer = undefined;
  }

  /** Start draining unless a drain runs; the drain clears `inFlight` itself, synchronously, when it stops. */
  private kick(): void {
    if (this.inFlight) return;
    this.inFlight = this.drain();
  }

  private async drain(): Promise<void> {
    try {
      await this.drainQueue();
    } finally {
      this.inFlight = undefined;
    }
    // A push() that came while the last write was settling found a drain running.
    if (this.queue.length > 0 && !this.failure) this.kick();
  }

  private async drainQueue(): Promise<void> {
    while (!this.failure && this.queue.length > 0) {
      // On a virtio port each write is a threadpool round trip: a batch is one.
      const b = this.queue.shift()!;
      this.writing = b;
      const buf = b.join();
      let off = 0;
      try {
        while (off < buf.length) {
          this.arm();
          const n = await this.writeFn(this.fd, buf, off, buf.length - off);
          if (this.failure) return;
          off += n;
        }
      } catch (err) {
        this.failAll(err instanceof Error ? err : new Error(String(err)));
        return;
      } finally {
        this.disarm();
      }
      this.writing = undefined;
      this.queuedBytes -= b.bytes;
      b.resolve();
    }
  }
}
