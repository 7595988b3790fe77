/**
 * Member order of qemu-ga's replies. QEMU stores objects in a QDict: 512 hash buckets
 * (tdb_hash of the key's bytes, from gdbm via tdb), each a list where new keys go to
 * the head; the JSON writer walks buckets 0..511 and each list front to back. So the
 * order is a function of the keys and, for keys sharing a bucket, their insertion
 * order (later first). Facts from QEMU qobject/qdict.c; checked against real replies
 * such as {"return": {}, "id": "abc"} and {"id": 5, "error": {...}}.
 */
const BUCKETS = 512;
const cache = new Map<string, number>();

/** QEMU's key bytes: UTF-8, except U+0000 is C0 80 (its "modified UTF-8"). */
function keyBytes(key: string): Uint8Array {
  const bytes = Buffer.from(key, 'utf8');
  if (!bytes.includes(0)) return bytes;
  const out: number[] = [];
  for (const b of bytes) {
    if (b === 0) out.push(0xc0, 0x80);
    else out.push(b);
  }
  return Uint8Array.from(out);
}

/** Bucket index of `key` in a QDict. */
export function qdictBucket(key: string): number {
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  let len = key.length;
  let ascii = true;
  for (let i = 0; i < len; i++) {
    const c = key.charCodeAt(i);
    if (c === 0 || c >= 0x80) {
      ascii = false;
      break;
    }
  }
  const bytes = ascii ? undefined : keyBytes(key);
  if (bytes) len = bytes.length;
  let value = Math.imul(0x238f13af, len) >>> 0;
  for (let i = 0; i < len; i++) {
    const b = bytes ? bytes[i]! : key.charCodeAt(i);
    value = (value + (b << ((i * 5) % 24))) >>> 0;
  }
  const hash = (Math.imul(1103515243, value) + 12345) >>> 0;
  const bucket = hash % BUCKETS;
  if (cache.size >= 4096) cache.clear();
  cache.set(key, bucket);
  return bucket;
}

/** `keys` (in insertion order) rearranged into QDict iteration order. */
export function qdictOrder(keys: string[]): string[] {
  if (keys.length < 2) return keys.slice();
  const entries = keys.map((key, index) => ({ key, index, bucket: qdictBucket(key) }));
  entries.sort((a, b) => a.bucket - b.bucket || b.index - a.index);
  return entries.map((e) => e.key);
}
