// Received bytes from the agent, kept as a list of chunks so that a 64 MiB
// guest-file-read reply is joined once instead of once per socket read.
//
// 0xFF matters: qemu-ga never emits it except as the one-byte prefix of a
// guest-sync-delimited reply (qemu-ga.md §1.6), so a host that sees it drops
// everything before it and starts parsing afresh.

const NL = 0x0a;
const FF = 0xff;

/** FIFO of received bytes with line- and 0xFF-aware takers. */
export class RxQueue {
  private chunks: Buffer[] = [];
  private length = 0;
  /** Leading chunks already searched for '\n' without success. */
  private noNewline = 0;

  get size(): number {
    return this.length;
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  /** Removes and returns every byte received so far. */
  takeAll(): Buffer {
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.length);
    this.clear();
    return all;
  }

  clear(): void {
    this.chunks = [];
    this.length = 0;
    this.noNewline = 0;
  }

  /**
   * Drops bytes up to and including the last 0xFF currently queued.
   * Returns true when a 0xFF was found.
   */
  dropThroughLastFF(): boolean {
    for (let c = this.chunks.length - 1; c >= 0; c--) {
      const chunk = this.chunks[c]!;
      const at = chunk.lastIndexOf(FF);
      if (at < 0) continue;
      const rest = chunk.subarray(at + 1);
      this.chunks = rest.length > 0 ? [rest, ...this.chunks.slice(c + 1)] : this.chunks.slice(c + 1);
      this.length = this.chunks.reduce((n, b) => n + b.length, 0);
      this.noNewline = 0;
      return true;
    }
    return false;
  }

  /**
   * Removes and returns one line including its '\n', or undefined when no
   * complete line is queued.
   */
  takeLine(): Buffer | undefined {
    for (let c = this.noNewline; c < this.chunks.length; c++) {
      const at = this.chunks[c]!.indexOf(NL);
      if (at < 0) {
        this.noNewline = c + 1;
        continue;
      }
      return this.cut(c, at + 1);
    }
    return undefined;
  }

  /** Removes `n` complete lines as one buffer, or returns undefined (nothing removed). */
  takeLines(n: number): Buffer | undefined {
    let seen = 0;
    for (let c = 0; c < this.chunks.length; c++) {
      const chunk = this.chunks[c]!;
      let from = 0;
      for (;;) {
        const at = chunk.indexOf(NL, from);
        if (at < 0) break;
        if (++seen === n) return this.cut(c, at + 1);
        from = at + 1;
      }
    }
    return undefined;
  }

  /** Removes the bytes before offset `end` of chunk `c` (chunks before c whole). */
  private cut(c: number, end: number): Buffer {
    const head = this.chunks.slice(0, c);
    const chunk = this.chunks[c]!;
    head.push(chunk.subarray(0, end));
    const rest = chunk.subarray(end);
    this.chunks = rest.length > 0 ? [rest, ...this.chunks.slice(c + 1)] : this.chunks.slice(c + 1);
    const out = head.length === 1 ? head[0]! : Buffer.concat(head);
    this.length -= out.length;
    this.noNewline = 0;
    return out;
  }
}
