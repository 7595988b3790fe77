import { T } from './lexer-table.js';
import { floatValue, integerValue } from './number.js';
import { rawToText } from './mod-utf8.js';
import { decodeComplexString, JsonSyntaxError } from './string-decode.js';
import { KEY_ORDER, type JsonObject, type JsonValue } from './value.js';

/** qemu-ga formats parser errors into a 1024-byte buffer: longer texts are cut. */
const MESSAGE_MAX = 1023;

const ARRAY_INDEX = /^(?:0|[1-9]\d{0,9})$/;

/** Result of parsing one complete message worth of tokens. */
export type ParseResult = { ok: true; value: JsonValue } | { ok: false; error: string };

/**
 * Recursive-descent parser over one message's tokens (QEMU json-parser.c grammar and
 * error texts). qemu-ga keeps only the first error, so this throws on the first one;
 * structural errors are therefore only seen once the streamer decides the message is
 * complete, exactly like qemu-ga.
 */
class TokenParser {
  private pos = 0;

  constructor(
    private readonly types: readonly number[],
    private readonly texts: readonly string[],
  ) {}

  value(): JsonValue {
    const type = this.types[this.pos];
    switch (type) {
      case undefined:
        throw new JsonSyntaxError('premature EOI');
      case T.LCURLY:
        return this.object();
      case T.LSQUARE:
        return this.array();
      case T.STRING:
        return this.texts[this.pos++]!.slice(1, -1);
      case T.STRING_COMPLEX:
        return decodeComplexString(this.texts[this.pos++]!);
      case T.INTEGER:
        return integerValue(this.texts[this.pos++]!);
      case T.FLOAT:
        return floatValue(this.texts[this.pos++]!);
      case T.KEYWORD:
        return this.keyword(this.texts[this.pos++]!);
      default:
        throw new JsonSyntaxError('expecting value');
    }
  }

  private keyword(word: string): JsonValue {
    if (word === 'true') return true;
    if (word === 'false') return false;
    if (word === 'null') return null;
    throw new JsonSyntaxError(`invalid keyword '${word}'`.slice(0, MESSAGE_MAX));
  }

  private pop(): number {
    const type = this.types[this.pos++];
    if (type === undefined) throw new JsonSyntaxError('premature EOI');
    return type;
  }

  private object(): JsonObject {
    this.pos++; // '{'
    const obj: JsonObject = {};
    let order: string[] | undefined;
    const peek = this.types[this.pos];
    if (peek === undefined) throw new JsonSyntaxError('premature EOI');
    if (peek === T.RCURLY) {
      this.pos++;
      return obj;
    }
    for (;;) {
      if (this.types[this.pos] === undefined) throw new JsonSyntaxError('premature EOI');
      const key = this.value();
      if (typeof key !== 'string') throw new JsonSyntaxError('key is not a string in object');
      if (this.pop() !== T.COLON) throw new JsonSyntaxError('missing : in object pair');
      const value = this.value();
      if (Object.hasOwn(obj, key)) throw new JsonSyntaxError('duplicate key');
      if (key === '__proto__') {
        Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
      } else {
        obj[key] = value;
      }
      if (order !== undefined || ARRAY_INDEX.test(key)) {
        order ??= Object.keys(obj).filter((k) => k !== key);
        order.push(key);
      }
      const sep = this.pop();
      if (sep === T.RCURLY) break;
      if (sep !== T.COMMA) throw new JsonSyntaxError('expected separator in dict');
    }
    if (order !== undefined) Object.defineProperty(obj, KEY_ORDER, { value: order });
    return obj;
  }

  private array(): JsonValue[] {
    this.pos++; // '['
    const list: JsonValue[] = [];
    const peek = this.types[this.pos];
    if (peek === undefined) throw new JsonSyntaxError('premature EOI');
    if (peek === T.RSQUARE) {
      this.pos++;
      return list;
    }
    for (;;) {
      list.push(this.value());
      const sep = this.pop();
      if (sep === T.RSQUARE) break;
      if (sep !== T.COMMA) throw new JsonSyntaxError('expected separator in list');
    }
    return list;
  }
}

/** Parses the tokens of one message; errors carry qemu-ga's full desc text. */
export function parseTokens(types: readonly number[], texts: readonly string[]): ParseResult {
  try {
    return { ok: true, value: new TokenParser(types, texts).value() };
  } catch (e) {
    if (e instanceof JsonSyntaxError) return { ok: false, error: `JSON parse error, ${e.message}` };
    throw e;
  }
}

/** desc for a lexical error: the partial token as qemu-ga's writer shows it. */
export function strayError(raw: string): string {
  return `JSON parse error, stray '${rawToText(raw)}'`;
}
