/**
 * The JSON value model shared by the qemu-ga parser and encoder.
 *
 * Integers are `bigint` because QEMU keeps them exact through parse, dispatch and
 * reply: a `guest-sync` id of 9223372036854775807 must come back digit for digit, and
 * JS numbers cannot hold it. `number` always means a C double (QEMU's QNUM_DOUBLE).
 */
export type JsonValue = null | boolean | bigint | number | string | JsonValue[] | JsonObject;

/** A JSON object; `undefined` members are absent QAPI optionals and are not encoded. */
export interface JsonObject {
  [key: string]: JsonValue | undefined;
}

/**
 * Non-enumerable own property the parser sets on objects whose member order cannot be
 * recovered from `Object.keys` (JS lists array-index keys such as "1" first). QDict
 * iteration depends on insertion order inside a hash bucket, so the encoder needs the
 * real order to reproduce qemu-ga's bytes.
 */
export const KEY_ORDER: unique symbol = Symbol('ga.json.keyOrder');

/** Smallest and largest integers QEMU's parser keeps exact (int64 and uint64 range). */
export const INT_MIN = -(2n ** 63n);
export const UINT_MAX = 2n ** 64n - 1n;
