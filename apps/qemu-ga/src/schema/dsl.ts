/**
 * A tiny TypeScript rendering of QAPI types. Each value carries a runtime
 * validator that turns parsed JSON (integers as bigint, doubles as number,
 * see @ga/framing/json-value) into handler arguments with qemu-ga's exact
 * error texts, and two phantom static types: `In` (what a handler receives)
 * and `Out` (what a handler may return).
 *
 * Error texts follow QEMU's qobject input visitor (facts from its source,
 * wording reproduced because clients grep it): type errors name the member by
 * its full path (`vcpus[0].online`), enum errors only by the member's own name.
 */
import { QgaError } from '../errors.js';
import type { Base64Blob } from '../reply/base64-blob.js';
import type { Base64Source } from '../reply/base64-source.js';

/** One step of the path to the value being checked. */
export type PathSeg = string | number;

/** Discriminator of a DSL type, used by docs and the reply writer. */
export type TypeKind =
  | 'str'
  | 'int'
  | 'int64'
  | 'uint64'
  | 'bool'
  | 'num'
  | 'any'
  | 'list'
  | 'opt'
  | 'enum'
  | 'alt'
  | 'struct'
  | 'none';

/** A DSL type. `check` throws QgaError with qemu-ga's text on bad input. */
export interface Type<In, Out = In> {
  readonly kind: TypeKind;
  /** QAPI type name for named types (enums, alternates, structs); used in docs and error texts. */
  readonly typeName?: string;
  /** Validate `value` found at `path` (member names and list indexes from the arguments object). */
  check(value: unknown, path: readonly PathSeg[]): In;
  /** Phantom: the validated type. Never set at runtime. */
  readonly __in?: In;
  /** Phantom: what handlers may return for this type. Never set at runtime. */
  readonly __out?: Out;
}

/** Any DSL type. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyType = Type<any, any>;
export type InOf<T> = T extends Type<infer I, any> ? I : never;
export type OutOf<T> = T extends Type<any, infer O> ? O : never;

/** QEMU's full_name(): `a.b[2].c`; a lone path segment is the member name itself. */
export function fullName(path: readonly PathSeg[]): string {
  let s = '';
  for (const seg of path) {
    if (typeof seg === 'number') s += `[${seg}]`;
    else s += s === '' ? seg : `.${seg}`;
  }
  return s === '' ? '<anonymous>' : s;
}

/** The member's own name, or "null" for list elements (QEMU passes name=NULL there). */
function leafName(path: readonly PathSeg[]): string {
  const last = path[path.length - 1];
  return typeof last === 'string' ? last : 'null';
}

function typeError(path: readonly PathSeg[], expected: string): QgaError {
  return new QgaError(`Invalid parameter type for '${fullName(path)}', expected: ${expected}`);
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

function checkInt64(value: unknown, path: readonly PathSeg[]): bigint {
  // Doubles (including integral ones such as 1.0 or 1e3) are not integers to
  // QEMU; neither are integers >= 2^63, which its parser stores as uint or double.
  if (typeof value !== 'bigint' || value < INT64_MIN || value > INT64_MAX) throw typeError(path, 'integer');
  return value;
}

/** A plain JSON object from the parser (not an array, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

/** QAPI `str`. */
export const str: Type<string> = {
  kind: 'str',
  check(value, path) {
    if (typeof value !== 'string') throw typeError(path, 'string');
    return value;
  },
};

/**
 * QAPI `str` whose content is base64. Input stays a string (the command decodes
 * it itself, before any side effect); on output a handler may give a
 * Base64Blob (bytes in memory) or a Base64Source (bytes pulled while
 * writing), which the reply writer streams.
 */
export const b64: Type<string, string | Base64Blob | Base64Source> = {
  kind: 'str',
  typeName: 'base64',
  check: str.check,
};

/** QAPI `int` (int64 on the wire) as a JS number: for handles, counts, pids, offsets. */
export const int: Type<number> = {
  kind: 'int',
  check(value, path) {
    return Number(checkInt64(value, path));
  },
};

/** QAPI `int` kept lossless as bigint (guest-sync ids, nanosecond times). Handlers may return a number. */
export const int64: Type<bigint, bigint | number> = {
  kind: 'int64',
  check: checkInt64,
};

/** QAPI `uint64` as bigint. Negative int64 input wraps, as QEMU accepts it "for backward compatibility". */
export const uint64: Type<bigint, bigint | number> = {
  kind: 'uint64',
  check(value, path) {
    if (typeof value === 'bigint') {
      if (value >= 0n && value <= UINT64_MAX) return value;
      if (value < 0n && value >= INT64_MIN) return value + 2n ** 64n;
    }
    throw new QgaError(`Parameter '${fullName(path)}' expects uint64`);
  },
};

/** QAPI `bool`. */
export const bool: Type<boolean> = {
  kind: 'bool',
  check(value, path) {
    if (typeof value !== 'boolean') throw typeError(path, 'boolean');
    return value;
  },
};

/** QAPI `number` (double); integers are accepted and converted. */
export const num: Type<number> = {
  kind: 'num',
  check(value, path) {
    if (typeof value === 'number') return value;
    if (typeof value === 'bigint') return Number(value);
    throw typeError(path, 'number');
  },
};

/** QAPI `any`. */
export const any: Type<unknown> = {
  kind: 'any',
  check(value) {
    return value;
  },
};

/** The "returns nothing" marker: the reply is `{"return": {}}`. */
export const none: Type<void> = {
  kind: 'none',
  check() {
    return undefined;
  },
};

/** A list type; `.of` is the element type. */
export interface ListType<E extends AnyType> extends Type<InOf<E>[], OutOf<E>[]> {
  readonly of: E;
}

/** QAPI `[x]`. */
export function list<E extends AnyType>(of: E): ListType<E> {
  return {
    kind: 'list',
    of,
    check(value, path) {
      if (!Array.isArray(value)) throw typeError(path, 'array');
      return value.map((v, i) => of.check(v, [...path, i]) as InOf<E>);
    },
  };
}

/** Optional struct member marker (QAPI `'*name'`). */
export interface OptType<E extends AnyType> extends Type<InOf<E> | undefined, OutOf<E> | undefined> {
  readonly kind: 'opt';
  readonly of: E;
}

/** Marks a struct member optional. Only meaningful inside struct(). */
export function opt<E extends AnyType>(of: E): OptType<E> {
  return { kind: 'opt', of, check: (v, p) => (v === undefined ? undefined : of.check(v, p)) };
}

/** An enum type; `.values` in schema order. */
export interface EnumType<V extends string> extends Type<V> {
  readonly kind: 'enum';
  readonly values: readonly V[];
}

/** QAPI enum. */
export function enumOf<const V extends string>(typeName: string, values: readonly V[]): EnumType<V> {
  return {
    kind: 'enum',
    typeName,
    values,
    check(value, path) {
      const s = str.check(value, path);
      if (!(values as readonly string[]).includes(s)) {
        throw new QgaError(`Parameter '${leafName(path)}' does not accept value '${s}'`);
      }
      return s as V;
    },
  };
}

/** Which JSON kinds an alternate branch takes (QEMU dispatches alternates on the QObject type). */
type AltBranch = { readonly json: 'number' | 'string' | 'boolean'; readonly type: AnyType };

/** An alternate type. */
export interface AltType<B extends readonly AnyType[]> extends Type<InOf<B[number]>, OutOf<B[number]>> {
  readonly kind: 'alt';
  readonly branches: readonly AnyType[];
}

function jsonKindOf(t: AnyType): AltBranch['json'] {
  if (t.kind === 'int' || t.kind === 'int64' || t.kind === 'uint64' || t.kind === 'num') return 'number';
  if (t.kind === 'bool') return 'boolean';
  if (t.kind === 'str' || t.kind === 'enum') return 'string';
  throw new Error(`alternate branch of kind ${t.kind} is not supported`);
}

/**
 * QAPI alternate (whence: int | QGASeek, capture-output: bool | mode enum).
 * The branch is picked by JSON kind; a number that fails the integer branch
 * gets that branch's error, any other kind gets "expected: <TypeName>".
 */
export function alt<const B extends readonly AnyType[]>(typeName: string, ...branches: B): AltType<B> {
  const table: AltBranch[] = branches.map((type) => ({ json: jsonKindOf(type), type }));
  return {
    kind: 'alt',
    typeName,
    branches,
    check(value, path) {
      const kind = typeof value === 'bigint' ? 'number' : typeof value;
      const branch = table.find((b) => b.json === kind);
      if (!branch) throw typeError([leafName(path)], typeName);
      return branch.type.check(value, path) as InOf<B[number]>;
    },
  };
}

type Simplify<T> = { [K in keyof T]: T[K] } & {};
type OptKeys<F> = { [K in keyof F]: F[K] extends OptType<AnyType> ? K : never }[keyof F];
type ReqKeys<F> = Exclude<keyof F, OptKeys<F>>;
type InnerOf<T> = T extends OptType<infer E> ? E : T;

/** Static input type of a struct's fields. */
export type StructIn<F extends Record<string, AnyType>> = Simplify<
  { [K in ReqKeys<F>]: InOf<F[K]> } & { [K in OptKeys<F>]?: InOf<InnerOf<F[K]>> }
>;
/** Static output type of a struct's fields. */
export type StructOut<F extends Record<string, AnyType>> = Simplify<
  { [K in ReqKeys<F>]: OutOf<F[K]> } & { [K in OptKeys<F>]?: OutOf<InnerOf<F[K]>> }
>;

/** A struct type; `.fields` in schema order. */
export interface StructType<F extends Record<string, AnyType>> extends Type<StructIn<F>, StructOut<F>> {
  readonly kind: 'struct';
  readonly fields: F;
}

/**
 * QAPI struct. Members are checked in declaration order (first error wins, as
 * QEMU visits them), then leftover members are "unexpected".
 */
export function struct<const F extends Record<string, AnyType>>(typeName: string, fields: F): StructType<F> {
  const entries = Object.entries(fields);
  return {
    kind: 'struct',
    typeName,
    fields,
    check(value, path) {
      if (!isJsonObject(value)) throw typeError(path, 'object');
      const out: Record<string, unknown> = {};
      for (const [key, type] of entries) {
        const here = [...path, key];
        const present = Object.hasOwn(value, key);
        if (!present) {
          if (type.kind === 'opt') continue;
          throw new QgaError(`Parameter '${fullName(here)}' is missing`);
        }
        out[key] = type.check(value[key], here);
      }
      for (const key of Object.keys(value)) {
        if (!Object.hasOwn(fields, key)) throw new QgaError(`Parameter '${fullName([...path, key])}' is unexpected`);
      }
      return out as StructIn<F>;
    },
  };
}
