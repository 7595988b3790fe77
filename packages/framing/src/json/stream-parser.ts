import { JsonLexer, type LexerSink } from './lexer.js';
import { T } from './lexer-table.js';
import { parseTokens, strayError } from './token-parser.js';
import type { JsonValue } from './value.js';

/** What the stream parser reports, synchronously and in input order. */
export interface JsonStreamEvents {
  /** a complete top-level JSON value (any type: the app decides what is valid) */
  onValue(value: JsonValue): void;
  /** a parse error: `desc` is the text qemu-ga puts in desc, e.g. "JSON parse error, stray '\uFFFD'" */
  onError(desc: string): void;
}

/** Per-message limits; defaults are qemu-ga's (QEMU json-streamer.c). */
export interface JsonStreamLimits {
  /** bytes of all tokens of one message, and of any single token (default 64 MiB) */
  maxTokenBytes?: number;
  /** tokens in one message (default 2 Mi) */
  maxTokens?: number;
  /** open brackets plus braces (default 1024) */
  maxDepth?: number;
}

const TOKEN_SIZE_ERROR = 'JSON token size limit exceeded';
const TOKEN_COUNT_ERROR = 'JSON token count limit exceeded';
const DEPTH_ERROR = 'JSON nesting depth limit exceeded';

/**
 * qemu-ga's request framing: a byte stream of JSON values, no delimiters. A message
 * ends when its braces and brackets balance (or go negative); a top-level scalar ends
 * at the byte after it. Lexical errors (0xFF, control characters, stray bytes) drop
 * the partial message and report "stray '…'"; limits and grammar errors use qemu-ga's
 * texts. Never throws on any input; if a callback throws, the rest of the chunk is
 * still processed and the first callback error is rethrown at the end of feed().
 */
export class JsonStreamParser {
  private readonly lexer: JsonLexer;
  private readonly maxTokenBytes: number;
  private readonly maxTokens: number;
  private readonly maxDepth: number;
  private types: number[] = [];
  private texts: string[] = [];
  private braces = 0;
  private brackets = 0;
  private tokenBytes = 0;
  private callbackError: { error: unknown } | undefined;
  /** chunks fed from inside a callback, processed after the current one */
  private queued: Buffer[] = [];
  private feeding = false;

  constructor(
    private readonly events: JsonStreamEvents,
    limits: JsonStreamLimits = {},
  ) {
    this.maxTokenBytes = limits.maxTokenBytes ?? 64 * 1024 * 1024;
    this.maxTokens = limits.maxTokens ?? 2 * 1024 * 1024;
    this.maxDepth = limits.maxDepth ?? 1024;
    const sink: LexerSink = {
      token: (type, text) => this.token(type, text),
      error: (text) => this.fail(strayError(text)),
      tooBig: () => this.fail(TOKEN_SIZE_ERROR),
    };
    this.lexer = new JsonLexer(sink, this.maxTokenBytes);
  }

  /**
   * Feeds bytes; events for every value or error completed by them fire before it
   * returns. The parser keeps no reference to `chunk` after returning. A feed() from
   * inside a callback is queued behind the chunk being processed.
   */
  feed(chunk: Buffer | Uint8Array): void {
    if (this.feeding) {
      this.queued.push(Buffer.from(chunk));
      return;
    }
    this.feeding = true;
    try {
      this.lexer.feed(chunk);
      for (let next = this.queued.shift(); next !== undefined; next = this.queued.shift()) this.lexer.feed(next);
    } finally {
      this.feeding = false;
    }
    const pending = this.callbackError;
    if (pending !== undefined) {
      this.callbackError = undefined;
      throw pending.error;
    }
  }

  /**
   * Drops partial input (a half-received message and token), e.g. on a new
   * connection. Called from a callback, it also drops the rest of the chunk being fed.
   */
  reset(): void {
    this.queued = [];
    this.lexer.reset();
    this.clear();
  }

  private token(type: number, text: string): void {
    switch (type) {
      case T.LCURLY:
        this.braces++;
        break;
      case T.RCURLY:
        this.braces--;
        break;
      case T.LSQUARE:
        this.brackets++;
        break;
      case T.RSQUARE:
        this.brackets--;
        break;
    }
    // Same checks, order and off-by-one as qemu-ga: the size counts the new token
    // plus one, the depth counts the bracket just opened.
    if (this.tokenBytes + text.length + 1 > this.maxTokenBytes) return this.fail(TOKEN_SIZE_ERROR);
    if (this.types.length + 1 > this.maxTokens) return this.fail(TOKEN_COUNT_ERROR);
    if (this.braces + this.brackets > this.maxDepth) return this.fail(DEPTH_ERROR);
    this.types.push(type);
    this.texts.push(text);
    this.tokenBytes += text.length;
    if ((this.braces > 0 || this.brackets > 0) && this.braces >= 0 && this.brackets >= 0) return;
    let result: ReturnType<typeof parseTokens>;
    try {
      result = parseTokens(this.types, this.texts);
    } catch (e) {
      // Only reachable through a bug or an engine limit (e.g. a huge maxDepth
      // overflowing the stack); feed() must still never throw on input.
      result = { ok: false, error: `JSON parse error, ${(e as Error).message}` };
    }
    this.clear();
    if (result.ok) this.deliver(() => this.events.onValue(result.value));
    else this.deliver(() => this.events.onError(result.error));
  }

  private fail(desc: string): void {
    this.clear();
    this.deliver(() => this.events.onError(desc));
  }

  private clear(): void {
    if (this.types.length !== 0) {
      this.types = [];
      this.texts = [];
    }
    this.braces = 0;
    this.brackets = 0;
    this.tokenBytes = 0;
  }

  private deliver(call: () => void): void {
    try {
      call();
    } catch (error) {
      this.callbackError ??= { error };
    }
  }
}
