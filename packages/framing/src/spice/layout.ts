/// <reference path="./binary-parser.d.ts" />
import { Parser } from 'binary-parser';

/**
 * The field-table language of the SPICE agent protocol. Every VDAgent layout
 * (chunk header, message header, each payload) is declared once as an ordered
 * list of these fields; binary-parser is built from the list for decoding and
 * `encodeLayout` walks the same list for encoding (binary-parser is parse-only,
 * keichi/binary-parser#3). All integers are little-endian and packed, as on
 * the virtio wire (vd_agent.h declares every struct packed).
 */
export type Scalar = 'u8' | 'u16' | 'u32' | 'i32' | 'u64';

/**
 * Fields that exist only when both sides announced a capability. The Linux
 * daemon frames clipboard messages with the 4-byte selection block and the
 * grab serial only after the peer announced CLIPBOARD_SELECTION /
 * CLIPBOARD_GRAB_SERIAL (spice-vdagent.md §2.3).
 */
export type Gate = 'selection' | 'serial';

export type Field =
  | { name: string; type: Scalar; when?: Gate }
  /** Fixed-length raw bytes (reserved padding). */
  | { name: string; type: 'bytes'; length: number; when?: Gate }
  /** Raw bytes whose length is an earlier integer field. */
  | { name: string; type: 'sized-bytes'; lengthField: string }
  /** `countField` little-endian u16 values. */
  | { name: string; type: 'u16-array'; countField: string }
  /** `countField` packed records; `flag` makes the array exist only when a flags field has the mask set. */
  | { name: string; type: 'records'; countField: string; fields: readonly Field[]; flag?: { field: string; mask: number } }
  /** u32 words to the end of the payload; a trailing partial word is ignored (capabilities, grab types). */
  | { name: string; type: 'u32-rest'; when?: Gate }
  /**
   * Everything to the end of the payload (clipboard data, key-file text, error
   * detail). `encodeLength`: zero bytes written when the encoder is not given
   * the field (a reserved tail that decoding accepts shorter, as CLIPBOARD_RELEASE's).
   */
  | { name: string; type: 'bytes-rest'; when?: Gate; encodeLength?: number };

/** Which gated fields are present: the framing capabilities both sides announced. */
export interface LayoutContext {
  selection: boolean;
  serial: boolean;
}

/** Values of a decoded layout: numbers, bigints (u64), Buffers, number[] and record arrays. */
export type LayoutValues = Record<string, unknown>;

const SCALAR_SIZE: Record<Scalar, number> = { u8: 1, u16: 2, u32: 4, i32: 4, u64: 8 };

function present(field: Field, ctx: LayoutContext): boolean {
  return !('when' in field) || field.when === undefined || ctx[field.when];
}

/** Fields of `layout` that exist under `ctx`. */
export function activeFields(layout: readonly Field[], ctx: LayoutContext): Field[] {
  return layout.filter((f) => present(f, ctx));
}

/** True when the layout ends in a `*-rest` field, so its size is open-ended. */
export function isOpenEnded(layout: readonly Field[], ctx: LayoutContext): boolean {
  return activeFields(layout, ctx).some((f) => f.type === 'u32-rest' || f.type === 'bytes-rest');
}

/**
 * Smallest payload the layout can describe under `ctx`: fixed fields count,
 * arrays count as empty, rest fields as zero bytes.
 */
export function minimumSize(layout: readonly Field[], ctx: LayoutContext): number {
  let n = 0;
  for (const f of activeFields(layout, ctx)) {
    if (f.type === 'bytes') n += f.length;
    else if (f.type in SCALAR_SIZE) n += SCALAR_SIZE[f.type as Scalar];
  }
  return n;
}

function fold(parser: Parser, layout: readonly Field[], ctx: LayoutContext): Parser {
  for (const f of activeFields(layout, ctx)) {
    switch (f.type) {
      case 'u8':
        parser = parser.uint8(f.name);
        break;
      case 'u16':
        parser = parser.uint16le(f.name);
        break;
      case 'u32':
        parser = parser.uint32le(f.name);
        break;
      case 'i32':
        parser = parser.int32le(f.name);
        break;
      case 'u64':
        parser = parser.uint64le(f.name);
        break;
      case 'bytes':
        parser = parser.buffer(f.name, { length: f.length, clone: true });
        break;
      case 'sized-bytes':
        parser = parser.buffer(f.name, { length: f.lengthField, clone: true });
        break;
      case 'u16-array':
        parser = parser.array(f.name, { type: 'uint16le', length: f.countField });
        break;
      case 'records': {
        const item = fold(new Parser(), f.fields, ctx);
        const { countField, flag } = f;
        // binary-parser calls length functions with `this` bound to the values read so far.
        const length = flag
          ? function (this: Record<string, number>) {
              return (this[flag.field]! & flag.mask) !== 0 ? this[countField]! : 0;
            }
          : countField;
        parser = parser.array(f.name, { type: item, length });
        break;
      }
      case 'u32-rest':
        parser = parser.buffer(f.name, {
          readUntil: 'eof',
          formatter: (buf: Uint8Array) => {
            const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
            const words: number[] = [];
            for (let off = 0; off + 4 <= b.length; off += 4) words.push(b.readUInt32LE(off));
            return words;
          },
        });
        break;
      case 'bytes-rest':
        parser = parser.buffer(f.name, { readUntil: 'eof', clone: true });
        break;
    }
  }
  return parser;
}

const END = '__end__';
const cache = new WeakMap<readonly Field[], Map<string, Parser>>();

/**
 * binary-parser for `layout` under `ctx` (built once per combination). The
 * result carries the consumed byte count in `__end__` so callers can tell an
 * exact fit from trailing bytes.
 */
export function parserFor(layout: readonly Field[], ctx: LayoutContext): Parser {
  let byCtx = cache.get(layout);
  if (!byCtx) cache.set(layout, (byCtx = new Map()));
  const key = `${ctx.selection ? 1 : 0}${ctx.serial ? 1 : 0}`;
  let parser = byCtx.get(key);
  if (!parser) {
    parser = fold(new Parser(), layout, ctx).saveOffset(END);
    byCtx.set(key, parser);
  }
  return parser;
}

/** Parse `bytes` with `layout`; returns the values and the number of bytes consumed. Throws on short input. */
export function decodeLayout(layout: readonly Field[], bytes: Buffer, ctx: LayoutContext): { values: LayoutValues; consumed: number } {
  const values = parserFor(layout, ctx).parse(bytes) as LayoutValues;
  const consumed = values[END] as number;
  delete values[END];
  return { values, consumed };
}

function need<T>(values: LayoutValues, name: string, check: (v: unknown) => v is T, what: string): T {
  const v = values[name];
  if (!check(v)) throw new TypeError(`field "${name}" must be ${what}, got ${typeof v}`);
  return v;
}
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const isBytes = (v: unknown): v is Uint8Array => v instanceof Uint8Array;
const isArr = (v: unknown): v is unknown[] => Array.isArray(v);

/** Length of an array/buffer field, for count fields the caller left out. */
function derivedCount(layout: readonly Field[], values: LayoutValues, countName: string): number | undefined {
  for (const f of layout) {
    if ((f.type === 'records' || f.type === 'u16-array') && f.countField === countName) {
      const v = values[f.name];
      if (Array.isArray(v)) return v.length;
    }
    if (f.type === 'sized-bytes' && f.lengthField === countName) {
      const v = values[f.name];
      if (v instanceof Uint8Array) return v.length;
    }
  }
  return undefined;
}

/**
 * Encode `values` with `layout` under `ctx`; the inverse of `decodeLayout`.
 * Count and length fields may be omitted: they are taken from the array or
 * buffer they describe. Throws a TypeError naming the field on bad input.
 */
export function encodeLayout(layout: readonly Field[], values: LayoutValues, ctx: LayoutContext): Buffer {
  const parts: Buffer[] = [];
  const filled: LayoutValues = { ...values };
  for (const f of activeFields(layout, ctx)) {
    if (f.type in SCALAR_SIZE && filled[f.name] === undefined) {
      const n = derivedCount(layout, filled, f.name);
      if (n !== undefined) filled[f.name] = n;
      else if (('when' in f && f.when !== undefined) || f.name.startsWith('reserved')) filled[f.name] = 0;
    }
    switch (f.type) {
      case 'u8':
      case 'u16':
      case 'u32':
      case 'i32': {
        const b = Buffer.alloc(SCALAR_SIZE[f.type]);
        const v = need(filled, f.name, isNum, 'an integer');
        if (f.type === 'u8') b.writeUInt8(v);
        else if (f.type === 'u16') b.writeUInt16LE(v);
        else if (f.type === 'u32') b.writeUInt32LE(v);
        else b.writeInt32LE(v);
        parts.push(b);
        break;
      }
      case 'u64': {
        const raw = filled[f.name];
        const v = typeof raw === 'number' ? BigInt(raw) : raw;
        if (typeof v !== 'bigint') throw new TypeError(`field "${f.name}" must be a bigint, got ${typeof raw}`);
        const b = Buffer.alloc(8);
        b.writeBigUInt64LE(v);
        parts.push(b);
        break;
      }
      case 'bytes': {
        const v = filled[f.name] ?? Buffer.alloc(f.length);
        if (!isBytes(v) || v.length !== f.length) throw new TypeError(`field "${f.name}" must be ${f.length} bytes`);
        parts.push(Buffer.from(v));
        break;
      }
      case 'sized-bytes':
      case 'bytes-rest': {
        const v = filled[f.name] ?? (f.type === 'bytes-rest' ? Buffer.alloc(f.encodeLength ?? 0) : undefined);
        if (!isBytes(v)) throw new TypeError(`field "${f.name}" must be a Buffer`);
        if (f.type === 'sized-bytes' && filled[f.lengthField] !== v.length) {
          throw new TypeError(`field "${f.lengthField}" (${String(filled[f.lengthField])}) does not match "${f.name}" length ${v.length}`);
        }
        parts.push(Buffer.from(v));
        break;
      }
      case 'u16-array':
      case 'u32-rest': {
        const v = filled[f.name] ?? [];
        if (!isArr(v) || !v.every(isNum)) throw new TypeError(`field "${f.name}" must be an array of integers`);
        const width = f.type === 'u16-array' ? 2 : 4;
        if (f.type === 'u16-array' && filled[f.countField] !== v.length) {
          throw new TypeError(`field "${f.countField}" does not match "${f.name}" length ${v.length}`);
        }
        const b = Buffer.alloc(v.length * width);
        v.forEach((x, i) => (width === 2 ? b.writeUInt16LE(x, i * 2) : b.writeUInt32LE(x, i * 4)));
        parts.push(b);
        break;
      }
      case 'records': {
        const active = f.flag === undefined || ((filled[f.flag.field] as number) & f.flag.mask) !== 0;
        const v = filled[f.name] ?? [];
        if (!isArr(v)) throw new TypeError(`field "${f.name}" must be an array of records`);
        if (!active) {
          if (v.length > 0) throw new TypeError(`field "${f.name}" needs bit ${f.flag!.mask} in "${f.flag!.field}"`);
          break;
        }
        if (filled[f.countField] !== v.length) throw new TypeError(`field "${f.countField}" does not match "${f.name}" length ${v.length}`);
        for (const item of v) parts.push(encodeLayout(f.fields, item as LayoutValues, ctx));
        break;
      }
    }
  }
  return Buffer.concat(parts);
}
