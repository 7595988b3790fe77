/**
 * State table of qemu-ga's JSON lexer (QEMU qobject/json-lexer.c, 7.2), re-derived
 * from its documented grammar: RFC 8259 tokens plus single-quoted strings and the \'
 * escape. Keywords are any run of [a-z] (the parser rejects unknown ones). Every byte
 * a state does not list is a lexical error; after an error the lexer skips input up
 * to a structural character, a control character other than TAB, or 0xFE/0xFF — the
 * bytes hosts send (0xFF, or e.g. 0x01) to force a reset before guest-sync.
 */

/** Lexer states. 0 is the error "state"; values >= TOKEN_BASE are emitted tokens. */
export const S = {
  ERROR: 0,
  RECOVERY: 1,
  DQ_ESCAPE: 2,
  DQ: 3,
  SQ_ESCAPE: 4,
  SQ: 5,
  ZERO: 6,
  EXP_DIGITS: 7,
  EXP_SIGN: 8,
  EXP_E: 9,
  MANTISSA: 10,
  MANTISSA_DIGITS: 11,
  DIGITS: 12,
  SIGN: 13,
  KEYWORD: 14,
  START: 15,
} as const;

/** Token types, as handed from the lexer to the streamer and parser. */
export const T = {
  LCURLY: 16,
  RCURLY: 17,
  LSQUARE: 18,
  RSQUARE: 19,
  COLON: 20,
  COMMA: 21,
  INTEGER: 22,
  FLOAT: 23,
  KEYWORD: 24,
  /** string whose raw text is printable ASCII without escapes: value = text minus quotes */
  STRING: 25,
  /** string needing escape processing or UTF-8 validation */
  STRING_COMPLEX: 26,
} as const;

export const TOKEN_BASE = T.LCURLY;

/** Flag: the transition does not consume the byte (it is looked at again). */
export const LOOKAHEAD = 0x80;

const STATE_COUNT = 16;

function build(): Uint8Array {
  const t = new Uint8Array(STATE_COUNT * 256); // default: ERROR
  // fill, not a loop: a start-up loop hot enough for V8's optimising compiler costs 3.4 MiB of resident code pages.
  const set = (state: number, from: number, to: number, next: number): void => void t.fill(next, state * 256 + from, state * 256 + to + 1);
  const ch = (c: string): number => c.charCodeAt(0);
  const one = (state: number, c: string, next: number): void => set(state, ch(c), ch(c), next);
  const all = (state: number, next: number): void => set(state, 0, 255, next);

  // Recovery: resynchronise at structural chars, control chars (not TAB), 0xFE/0xFF.
  set(S.RECOVERY, 0x00, 0x1f, S.START | LOOKAHEAD);
  set(S.RECOVERY, 0x20, 0xfd, S.RECOVERY);
  set(S.RECOVERY, 0xfe, 0xff, S.START | LOOKAHEAD);
  one(S.RECOVERY, '\t', S.RECOVERY);
  for (const c of '[]{}:,') one(S.RECOVERY, c, S.START | LOOKAHEAD);

  // Strings: raw bytes 0x20..0xFD (UTF-8 checked later by the parser).
  set(S.DQ_ESCAPE, 0x20, 0xfd, S.DQ);
  set(S.DQ, 0x20, 0xfd, S.DQ);
  one(S.DQ, '\\', S.DQ_ESCAPE);
  one(S.DQ, '"', T.STRING);
  set(S.SQ_ESCAPE, 0x20, 0xfd, S.SQ);
  set(S.SQ, 0x20, 0xfd, S.SQ);
  one(S.SQ, '\\', S.SQ_ESCAPE);
  one(S.SQ, "'", T.STRING);

  // Numbers. A leading zero may not be followed by a digit; "0e5" is an error too.
  all(S.ZERO, T.INTEGER | LOOKAHEAD);
  set(S.ZERO, ch('0'), ch('9'), S.ERROR);
  one(S.ZERO, '.', S.MANTISSA);
  all(S.EXP_DIGITS, T.FLOAT | LOOKAHEAD);
  set(S.EXP_DIGITS, ch('0'), ch('9'), S.EXP_DIGITS);
  set(S.EXP_SIGN, ch('0'), ch('9'), S.EXP_DIGITS);
  one(S.EXP_E, '-', S.EXP_SIGN);
  one(S.EXP_E, '+', S.EXP_SIGN);
  set(S.EXP_E, ch('0'), ch('9'), S.EXP_DIGITS);
  all(S.MANTISSA_DIGITS, T.FLOAT | LOOKAHEAD);
  set(S.MANTISSA_DIGITS, ch('0'), ch('9'), S.MANTISSA_DIGITS);
  one(S.MANTISSA_DIGITS, 'e', S.EXP_E);
  one(S.MANTISSA_DIGITS, 'E', S.EXP_E);
  set(S.MANTISSA, ch('0'), ch('9'), S.MANTISSA_DIGITS);
  all(S.DIGITS, T.INTEGER | LOOKAHEAD);
  set(S.DIGITS, ch('0'), ch('9'), S.DIGITS);
  one(S.DIGITS, 'e', S.EXP_E);
  one(S.DIGITS, 'E', S.EXP_E);
  one(S.DIGITS, '.', S.MANTISSA);
  one(S.SIGN, '0', S.ZERO);
  set(S.SIGN, ch('1'), ch('9'), S.DIGITS);

  all(S.KEYWORD, T.KEYWORD | LOOKAHEAD);
  set(S.KEYWORD, ch('a'), ch('z'), S.KEYWORD);

  one(S.START, '"', S.DQ);
  one(S.START, "'", S.SQ);
  one(S.START, '0', S.ZERO);
  set(S.START, ch('1'), ch('9'), S.DIGITS);
  one(S.START, '-', S.SIGN);
  one(S.START, '{', T.LCURLY);
  one(S.START, '}', T.RCURLY);
  one(S.START, '[', T.LSQUARE);
  one(S.START, ']', T.RSQUARE);
  one(S.START, ',', T.COMMA);
  one(S.START, ':', T.COLON);
  set(S.START, ch('a'), ch('z'), S.KEYWORD);
  for (const c of ' \t\r\n') one(S.START, c, S.START);
  return t;
}

/** next = TABLE[state * 256 + byte]; low 7 bits: state or token, LOOKAHEAD flag. */
export const TABLE: Uint8Array = build();
