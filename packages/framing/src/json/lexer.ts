import { LOOKAHEAD, S, T, TABLE, TOKEN_BASE } from './lexer-table.js';

/** Receives what the lexer recognises, in input order. */
export interface LexerSink {
  /** a complete token; `text` holds its raw bytes as latin1 (one char per byte) */
  token(type: number, text: string): void;
  /** a lexical error; `text` is the partial token including the offending byte */
  error(text: string): void;
  /** the token in progress grew past the size limit and was dropped */
  tooBig(): void;
}

const DQ_STOP = /["\\\x00-\x1f\xfe\xff]/g;
const SQ_STOP = /['\\\x00-\x1f\xfe\xff]/g;
const DQ_STOP_OR_HIGH = /["\\\x00-\x1f\x80-\xff]/;
const SQ_STOP_OR_HIGH = /['\\\x00-\x1f\x80-\xff]/;

const STRUCTURAL: Record<number, string> = {
  [T.LCURLY]: '{',
  [T.RCURLY]: '}',
  [T.LSQUARE]: '[',
  [T.RSQUARE]: ']',
  [T.COLON]: ':',
  [T.COMMA]: ',',
};

/**
 * Byte-level JSON lexer with qemu-ga's token rules and error recovery (see
 * lexer-table.ts). Works on Buffers; string bodies are scanned with a byte loop
 * (short) or the regex engine over a latin1 view (long); a token spanning chunks is
 * kept as byte copies and decoded once, so a 64 MiB base64 argument costs a few
 * linear passes and no per-byte work in JS.
 */
export class JsonLexer {
  private state: number = S.START;
  /** parts of the current token that arrived in earlier chunks */
  /** Bytes of a token that spans chunks, copied off-heap; decoded once when the token ends. */
  private pieces: Buffer[] = [];
  private piecesLen = 0;
  /** the current string token has an escape or a non-ASCII byte */
  private complex = false;
  /** bumped by reset(), so a reset from inside a callback ends the current feed */
  private epoch = 0;

  constructor(
    private readonly sink: LexerSink,
    private readonly maxTokenBytes: number,
  ) {}

  /** Forgets any partial token and returns to the start state. */
  reset(): void {
    this.epoch++;
    this.state = S.START;
    this.pieces = [];
    this.piecesLen = 0;
    this.complex = false;
  }

  feed(chunk: Uint8Array): void {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const n = buf.length;
    const max = this.maxTokenBytes;
    const epoch = this.epoch;
    let state = this.state;
    let tokStart = 0;
    let i = 0;
    while (i < n) {
      if (state === S.DQ || state === S.SQ) {
        // Fast path over the string body: stop at the quote, a backslash, a control
        // byte or 0xFE/0xFF, and early enough that the size check below sees the
        // byte that crosses the limit.
        let stop = i + (max - (this.piecesLen + (i - tokStart)));
        if (stop > n) stop = n;
        i = this.scanString(buf, i, stop, state === S.DQ ? 0x22 : 0x27);
        if (i >= n) break;
      } else if (state === S.KEYWORD || state === S.DIGITS) {
        let stop = i + (max - (this.piecesLen + (i - tokStart)));
        if (stop > n) stop = n;
        const lo = state === S.KEYWORD ? 0x61 : 0x30;
        const hi = state === S.KEYWORD ? 0x7a : 0x39;
        let j = i;
        while (j < stop) {
          const c = buf[j]!;
          if (c < lo || c > hi) break;
          j++;
        }
        i = j;
        if (i >= n) break;
      } else if (state === S.RECOVERY) {
        let j = i;
        while (j < n) {
          const c = buf[j]!;
          if (c < 0x20 || c >= 0xfe || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d || c === 0x3a || c === 0x2c) {
            if (c !== 0x09) break;
          }
          j++;
        }
        i = j;
        tokStart = j;
        if (i >= n) break;
      }
      const c = buf[i]!;
      for (;;) {
        const raw = TABLE[(state << 8) | c]!;
        const consumed = (raw & LOOKAHEAD) === 0;
        const next = raw & 0x7f;
        const tokEnd = consumed ? i + 1 : i;
        if (next >= TOKEN_BASE) {
          const structural = STRUCTURAL[next];
          let type = next;
          let text: string;
          if (structural !== undefined) {
            text = structural;
          } else {
            text = this.take(buf, tokStart, tokEnd);
            if (type === T.STRING && this.complex) type = T.STRING_COMPLEX;
          }
          this.complex = false;
          state = S.START;
          tokStart = tokEnd;
          this.state = state;
          this.sink.token(type, text);
          if (this.epoch !== epoch) return;
        } else if (next === S.ERROR) {
          const text = this.take(buf, tokStart, tokEnd);
          this.complex = false;
          state = S.RECOVERY;
          tokStart = tokEnd;
          this.state = state;
          this.sink.error(text);
          if (this.epoch !== epoch) return;
        } else if (next === S.START || next === S.RECOVERY) {
          this.drop();
          state = next;
          tokStart = tokEnd;
        } else {
          if ((c >= 0x80 || c === 0x5c) && next >= S.DQ_ESCAPE && next <= S.SQ) this.complex = true;
          state = next;
        }
        if (consumed) break;
      }
      i++;
      if (this.piecesLen + (i - tokStart) > max) {
        // QEMU drops an oversized token and lexes the rest of it from the start
        // state (no recovery skip), which is why such input yields error bursts.
        this.drop();
        this.complex = false;
        tokStart = i;
        state = S.START;
        this.state = state;
        this.sink.tooBig();
        if (this.epoch !== epoch) return;
      }
    }
    if (state !== S.START && state !== S.RECOVERY && tokStart < n) {
      // A copy, not a string: a 4 MiB base64 argument arrives in ~64 chunks, and strings
      // kept across chunks were copied by every young-generation GC and again by the join.
      const part = Buffer.from(buf.subarray(tokStart, n));
      this.pieces.push(part);
      this.piecesLen += part.length;
    }
    this.state = state;
  }

  /**
   * Index of the first byte in [i, stop) that ends the plain part of a string body.
   * Short bodies (ids, command names) use a byte loop; long ones (base64 payloads)
   * switch to a latin1 view scanned by the regex engine, which is several times faster.
   */
  private scanString(buf: Buffer, i: number, stop: number, quote: number): number {
    let j = i;
    const shortEnd = Math.min(stop, i + 64);
    while (j < shortEnd) {
      const c = buf[j]!;
      if (c < 0x20 || c > 0x7e || c === quote || c === 0x5c) {
        if (c < 0x80 || c > 0xfd) return j;
        this.complex = true;
      }
      j++;
    }
    if (j >= stop) return j;
    const view = buf.toString('latin1', j, stop);
    // One regex pass finds the first stop byte or non-ASCII byte; only strings that
    // really hold non-ASCII text need the second, stop-bytes-only search.
    const first = view.search(quote === 0x22 ? DQ_STOP_OR_HIGH : SQ_STOP_OR_HIGH);
    if (first < 0) return stop;
    if (view.charCodeAt(first) < 0x80 || view.charCodeAt(first) > 0xfd) return j + first;
    this.complex = true;
    const re = quote === 0x22 ? DQ_STOP : SQ_STOP;
    re.lastIndex = first;
    const m = re.exec(view);
    return m === null ? stop : j + m.index;
  }

  private take(buf: Buffer, start: number, end: number): string {
    if (this.pieces.length === 0) return buf.toString('latin1', start, end);
    this.pieces.push(buf.subarray(start, end));
    const text = Buffer.concat(this.pieces, this.piecesLen + (end - start)).toString('latin1');
    this.drop();
    return text;
  }

  private drop(): void {
    if (this.pieces.length !== 0) this.pieces = [];
    this.piecesLen = 0;
  }
}
