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
 * lexer-table.ts). Works on Buffers; string bodies are scanned with a tight loop and
 * kept as latin1 slices, so a 64 MiB base64 argument costs one pass and one copy.
 */
export class JsonLexer {
  private state: number = S.START;
  /** parts of the current token that arrived in earlier chunks */
  private pieces: string[] = [];
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
        // Fast path: printable ASCII other than the quote and backslash stays in the
        // string; stop early enough that the size check below sees the limit byte.
        const q = state === S.DQ ? 0x22 : 0x27;
        let stop = i + (max - (this.piecesLen + (i - tokStart)));
        if (stop > n) stop = n;
        let j = i;
        while (j < stop) {
          const c = buf[j]!;
          if (c < 0x20 || c > 0x7e || c === q || c === 0x5c) break;
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
      const part = buf.toString('latin1', tokStart, n);
      this.pieces.push(part);
      this.piecesLen += part.length;
    }
    this.state = state;
  }

  private take(buf: Buffer, start: number, end: number): string {
    const tail = buf.toString('latin1', start, end);
    if (this.pieces.length === 0) return tail;
    this.pieces.push(tail);
    const text = this.pieces.join('');
    this.drop();
    return text;
  }

  private drop(): void {
    if (this.pieces.length !== 0) this.pieces = [];
    this.piecesLen = 0;
  }
}
