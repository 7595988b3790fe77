/**
 * Turns a response object into bytes on the channel: QEMU's JSON spelling
 * (via @ga/framing/json-encode), one `\n` after each response, an optional
 * raw 0xFF before it (guest-sync-delimited, qemu-ga.md §1.6), and Base64Blob
 * members streamed in pieces instead of being encoded into one huge string.
 */
import { randomBytes } from 'node:crypto';
import { Base64Blob } from './base64-blob.js';
import { Base64Source } from './base64-source.js';
import { base64Length, encodeBase64Into } from './base64-encode.js';
import type { AltType, AnyType, ListType, OptType, StructType } from '../schema/dsl.js';
import type { SentReply } from '@ga/request-queue/ordered-queue';

/**
 * Raw bytes per streamed piece: 192 KiB -> exactly 256 KiB of base64 (a
 * multiple of 3, so no padding mid-stream). Larger pieces were no faster
 * and each costs its size twice in read buffers (see readStreamed).
 */
export const BLOB_PIECE_BYTES = 192 * 1024;

type Streamed = Base64Blob | Base64Source;

/** Writes bytes in order; resolves when handed to the kernel. */
export type WriteFn = (data: Buffer) => Promise<void>;
/** JSON encoder with QEMU's spelling (bigint integers, QDict member order, ASCII only). */
export type EncodeFn = (value: unknown) => string;

const DELIMITER = Buffer.from([0xff]);
const NEWLINE = '\n';

/**
 * Copy `value` for encoding, guided by its schema type when known: drop
 * members whose value is undefined (absent optional members), turn JS numbers
 * in integer-typed places into bigint (so 3 is never "3.0"-like and -0 is "0":
 * QEMU's integers have no sign of zero), and replace each Base64Blob with a
 * unique placeholder string, collected in `blobs`.
 */
function prepare(value: unknown, type: AnyType | undefined, nonce: string, blobs: Streamed[]): unknown {
  if (value instanceof Base64Blob || value instanceof Base64Source) {
    blobs.push(value);
    return `${nonce}${blobs.length - 1}`;
  }
  const kind = type?.kind;
  if (typeof value === 'number' && (kind === 'int' || kind === 'int64' || kind === 'uint64') && Number.isFinite(value)) {
    return BigInt(Math.trunc(value));
  }
  if (typeof value === 'number' && kind === 'alt') {
    const intBranch = (type as AltType<readonly AnyType[]>).branches.find((b) => b.kind === 'int' || b.kind === 'int64');
    if (intBranch && Number.isInteger(value)) return BigInt(value);
  }
  if (Array.isArray(value)) {
    const of = kind === 'list' ? (type as ListType<AnyType>).of : undefined;
    return value.map((v) => prepare(v, unwrap(of), nonce, blobs));
  }
  if (typeof value === 'object' && value !== null && !Buffer.isBuffer(value)) {
    const fields = kind === 'struct' ? (type as StructType<Record<string, AnyType>>).fields : undefined;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v !== undefined) out[k] = prepare(v, unwrap(fields?.[k]), nonce, blobs);
    }
    return out;
  }
  return value;
}

function unwrap(t: AnyType | undefined): AnyType | undefined {
  return t?.kind === 'opt' ? (t as OptType<AnyType>).of : t;
}

/**
 * Marks where a streamed blob goes in the encoded text. Random per process
 * (not per reply: that cost a crypto call per ping) and led by a control
 * character that the encoder escapes, so no string from the guest can forge it.
 */
const NONCE = `\u0001qga-blob-${randomBytes(8).toString('hex')}-`;

/** The placeholder is encoded like any string: its encoded spelling, once per encoder (not per reply). */
const encodedNonces = new WeakMap<EncodeFn, string>();
function encodedNonceFor(encode: EncodeFn): string {
  let spelled = encodedNonces.get(encode);
  if (spelled === undefined) encodedNonces.set(encode, (spelled = encode(NONCE).slice(1, -1)));
  return spelled;
}


/**
 * Encode one response and start writing it. The first write is issued
 * before this returns, so replies queue on the channel in call order.
 */
export function sendResponse(
  response: Record<string, unknown>,
  write: WriteFn,
  encode: EncodeFn,
  opts: { delimited?: boolean; returnType?: AnyType } = {},
): SentReply {
  const blobs: Streamed[] = [];
  const prepared: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(response)) {
    if (v !== undefined) prepared[k] = k === 'return' ? prepare(v, opts.returnType, NONCE, blobs) : v;
  }
  const text = encode(prepared) + NEWLINE;
  const delimited = opts.delimited ?? false;
  if (blobs.length === 0) {
    const bytes = Buffer.from(text, 'latin1');
    return { done: write(delimited ? Buffer.concat([DELIMITER, bytes]) : bytes), streamed: false };
  }
  const parts = splitAtBlobs(text, blobs, encode);
  let inlineBytes = 0;
  for (const b of blobs) inlineBytes += b instanceof Base64Blob ? b.bytes.length : Infinity;
  // Up to one piece of blob bytes is cheaper inline: one buffer, one write
  // (a 64 KiB read is 87 KiB of text; streaming it cost three writes).
  if (inlineBytes <= BLOB_PIECE_BYTES) return { done: write(assemble(parts, delimited)), streamed: false };
  return { done: streamBlobs(parts, write, delimited), streamed: true };
}

/** Encoded text cut at the blob placeholders: text, blob, text, ..., text. */
type Parts = { texts: string[]; blobs: Streamed[] };

function splitAtBlobs(text: string, blobs: Streamed[], encode: EncodeFn): Parts {
  const encodedNonce = encodedNonceFor(encode);
  // The encoder may reorder members (QDict order), so blobs are taken in text order.
  const parts: Parts = { texts: [], blobs: [] };
  let from = 0;
  for (let at = text.indexOf(encodedNonce); at >= 0; at = text.indexOf(encodedNonce, from)) {
    const end = text.indexOf('"', at);
    const blob = blobs[Number(text.slice(at + encodedNonce.length, end))];
    if (!blob) throw new Error('internal error: streamed base64 placeholder garbled in encoding');
    parts.texts.push(text.slice(from, at));
    parts.blobs.push(blob);
    from = end; // from the closing quote on
  }
  parts.texts.push(text.slice(from));
  return parts;
}

/**
 * The whole reply in one Buffer of the exact size, each blob's base64 written
 * straight into it: no JSON escaping pass over the base64 (it never needs
 * any) and no intermediate joined string.
 */
function assemble({ texts, blobs }: Parts, delimited: boolean): Buffer {
  const b64 = blobs.map((b) => (b as Base64Blob).bytes.toString('base64'));
  let size = delimited ? 1 : 0;
  for (const t of texts) size += t.length; // the encoder writes ASCII only
  for (const s of b64) size += s.length;
  const out = Buffer.allocUnsafe(size);
  let pos = delimited ? out.writeUInt8(0xff, 0) : 0;
  for (let i = 0; i < texts.length; i++) {
    pos += out.write(texts[i]!, pos, 'latin1');
    if (i < b64.length) pos += out.write(b64[i]!, pos, 'latin1');
  }
  return out;
}

/** Write the text parts with each blob's base64 between them, streamed in pieces. */
async function streamBlobs({ texts, blobs }: Parts, write: WriteFn, delimited: boolean): Promise<void> {
  const latin1 = (t: string, first: boolean) => (first && delimited ? Buffer.concat([DELIMITER, Buffer.from(t, 'latin1')]) : Buffer.from(t, 'latin1'));
  let problem: Error | undefined;
  let out: Buffer | undefined;
  for (let i = 0; i < blobs.length; i++) {
    const blob = blobs[i]!;
    await write(latin1(texts[i]!, i === 0));
    // One output buffer per response, reused for every piece: Channel.write
    // resolves only once the bytes were handed to the kernel.
    const need = base64Length(Math.min(BLOB_PIECE_BYTES, blob instanceof Base64Blob ? blob.bytes.length : blob.length));
    if (!out || out.length < need) out = Buffer.allocUnsafe(need);
    if (blob instanceof Base64Blob) {
      for (let off = 0; off < blob.bytes.length; off += BLOB_PIECE_BYTES) {
        const n = encodeBase64Into(blob.bytes.subarray(off, off + BLOB_PIECE_BYTES), out);
        await write(out.subarray(0, n));
      }
    } else {
      problem ??= await streamSource(blob, write, out);
    }
  }
  await write(latin1(texts[blobs.length]!, blobs.length === 0));
  if (problem) throw problem;
}

/**
 * Pull a Base64Source and write its base64, carrying 0-2 bytes between
 * pieces so only the very end is padded. A source that fails or yields a
 * different length than announced cannot be taken back (the JSON before it
 * already went out): what it gave is written, extra bytes are dropped, and
 * the problem is returned so the caller can finish the JSON line, keeping
 * the host's stream parseable, and then report it.
 */
async function streamSource(src: Base64Source, write: WriteFn, out: Buffer): Promise<Error | undefined> {
  let carry = Buffer.alloc(0);
  let total = 0;
  let problem: Error | undefined;
  try {
    for await (const chunk of src.chunks()) {
      const room = src.length - total;
      const take = chunk.length > room ? chunk.subarray(0, room) : chunk;
      total += take.length;
      const data = carry.length ? Buffer.concat([carry, take]) : take;
      const whole = data.length - (data.length % 3);
      for (let off = 0; off < whole; off += BLOB_PIECE_BYTES) {
        const n = encodeBase64Into(data.subarray(off, Math.min(whole, off + BLOB_PIECE_BYTES)), out);
        await write(out.subarray(0, n));
      }
      carry = Buffer.from(data.subarray(whole));
      if (chunk.length > room) {
        problem = new Error(`base64 source yielded more than its announced ${src.length} bytes; the excess was dropped`);
        break;
      }
    }
  } catch (e) {
    problem = e instanceof Error ? e : new Error(String(e));
  }
  if (carry.length) await write(out.subarray(0, encodeBase64Into(carry, out)));
  if (!problem && total !== src.length) problem = new Error(`base64 source yielded ${total} of its announced ${src.length} bytes`);
  return problem;
}
