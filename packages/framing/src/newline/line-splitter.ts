/**
 * Splits a byte stream on `\n` with a bounded line buffer. A line whose
 * content reaches `maxLineBytes` before its newline is discarded, and so is
 * everything up to the next newline: VDSM's rule (`MAX_MESSAGE_SIZE`, 1 MiB,
 * ovirt-guest-agent.md §1.4), made independent of read boundaries so the same
 * bytes always give the same lines.
 */

export type LineEvent =
  | { kind: 'line'; bytes: Buffer }
  /** A line of `bytes` bytes (newline excluded) was too long and skipped. */
  | { kind: 'overflow'; bytes: number };

export class LineSplitter {
  private parts: Buffer[] = [];
  private length = 0;
  private skipping = false;

  constructor(private readonly maxLineBytes: number) {}

  /** Drop the partial line (a new host session starts a clean stream). */
  reset(): void {
    this.parts = [];
    this.length = 0;
    this.skipping = false;
  }

  /** Consume bytes; returns the lines and overflows they complete. */
  push(data: Buffer): LineEvent[] {
    const events: LineEvent[] = [];
    let off = 0;
    while (off < data.length) {
      const nl = data.indexOf(0x0a, off);
      const end = nl === -1 ? data.length : nl;
      this.take(data.subarray(off, end));
      if (nl === -1) break;
      events.push(this.skipping ? { kind: 'overflow', bytes: this.length } : { kind: 'line', bytes: Buffer.concat(this.parts, this.length) });
      this.reset();
      off = nl + 1;
    }
    return events;
  }

  private take(piece: Buffer): void {
    if (piece.length === 0) return;
    this.length += piece.length;
    if (this.skipping) return;
    if (this.length >= this.maxLineBytes) {
      this.skipping = true;
      this.parts = [];
      return;
    }
    // Copy: the caller may reuse its buffer.
    this.parts.push(Buffer.from(piece));
  }
}
