/**
 * Buffers that leave in one write and settle together. A burst of pipelined
 * requests answers thousands of replies at once; a promise, callback and
 * queue entry per reply, all alive until their write completes, outlived
 * V8's young generation and made the garbage collector the largest cost of
 * a ping. A batch costs one of each per write.
 */
export class WriteBatch {
  /** A batch takes more buffers while it holds less than this. */
  static readonly BYTES = 64 * 1024;

  readonly chunks: Buffer[] = [];
  bytes = 0;
  /** Settles once for every buffer in the batch. */
  readonly done: Promise<void>;
  resolve!: () => void;
  reject!: (err: Error) => void;

  constructor() {
    this.done = new Promise<void>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  /** Whether `n` more bytes belong in this batch (an empty batch takes anything). */
  fits(n: number): boolean {
    return this.bytes === 0 || this.bytes + n <= WriteBatch.BYTES;
  }

  add(buf: Buffer): void {
    this.chunks.push(buf);
    this.bytes += buf.length;
  }

  /** The batch's bytes as one Buffer. */
  join(): Buffer {
    return this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.bytes);
  }
}
