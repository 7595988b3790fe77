/**
 * udscs framing: encode one message, and reassemble messages from a byte
 * stream with a size cap (the reference allocates whatever a peer's header
 * claims; the session socket is a privilege boundary, CVE-2020-25651).
 * Host byte order is little-endian on every target we ship for.
 */
import { UDSCS_HEADER_SIZE, XORG_RESOLUTION_SIZE } from './protocol.js';
import type { ScreenInfo, UdscsMessage } from './protocol.js';

export function encodeUdscs(type: number, arg1 = 0, arg2 = 0, data: Buffer = Buffer.alloc(0)): Buffer {
  const out = Buffer.allocUnsafe(UDSCS_HEADER_SIZE + data.length);
  out.writeUInt32LE(type >>> 0, 0);
  out.writeUInt32LE(arg1 >>> 0, 4);
  out.writeUInt32LE(arg2 >>> 0, 8);
  out.writeUInt32LE(data.length, 12);
  data.copy(out, UDSCS_HEADER_SIZE);
  return out;
}

export type UdscsEvent = { kind: 'message'; message: UdscsMessage } | { kind: 'too-large'; type: number; size: number };

/**
 * Incremental decoder. After `too-large` it is poisoned (returns nothing):
 * the stream cannot be resynchronised, the caller drops the connection.
 */
export class UdscsDecoder {
  private parts: Buffer[] = [];
  private buffered = 0;
  private poisoned = false;

  constructor(private readonly maxDataSize: number) {}

  push(chunk: Buffer): UdscsEvent[] {
    if (this.poisoned) return [];
    const events: UdscsEvent[] = [];
    this.parts.push(chunk);
    this.buffered += chunk.length;
    for (;;) {
      if (this.buffered < UDSCS_HEADER_SIZE) break;
      const head = this.peek(UDSCS_HEADER_SIZE);
      const size = head.readUInt32LE(12);
      if (size > this.maxDataSize) {
        this.poisoned = true;
        this.parts = [];
        this.buffered = 0;
        events.push({ kind: 'too-large', type: head.readUInt32LE(0), size });
        break;
      }
      if (this.buffered < UDSCS_HEADER_SIZE + size) break;
      const all = this.take(UDSCS_HEADER_SIZE + size);
      events.push({
        kind: 'message',
        message: { type: all.readUInt32LE(0), arg1: all.readUInt32LE(4), arg2: all.readUInt32LE(8), data: all.subarray(UDSCS_HEADER_SIZE) },
      });
    }
    return events;
  }

  private peek(n: number): Buffer {
    if (this.parts[0]!.length < n) this.parts = [Buffer.concat(this.parts)];
    return this.parts[0]!.subarray(0, n);
  }

  private take(n: number): Buffer {
    const joined = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts);
    const msg = Buffer.from(joined.subarray(0, n));
    const rest = joined.subarray(n);
    this.parts = rest.length > 0 ? [rest] : [];
    this.buffered = rest.length;
    return msg;
  }
}

/** GUEST_XORG_RESOLUTION data -> screens; undefined when the size is not a multiple of 20. */
export function decodeScreens(data: Buffer): ScreenInfo[] | undefined {
  if (data.length % XORG_RESOLUTION_SIZE !== 0) return undefined;
  const out: ScreenInfo[] = [];
  for (let off = 0; off < data.length; off += XORG_RESOLUTION_SIZE) {
    out.push({
      width: data.readInt32LE(off),
      height: data.readInt32LE(off + 4),
      x: data.readInt32LE(off + 8),
      y: data.readInt32LE(off + 12),
      display_id: data.readInt32LE(off + 16),
    });
  }
  return out;
}

export function encodeScreens(screens: readonly ScreenInfo[]): Buffer {
  const out = Buffer.alloc(screens.length * XORG_RESOLUTION_SIZE);
  screens.forEach((s, i) => {
    const off = i * XORG_RESOLUTION_SIZE;
    out.writeInt32LE(s.width, off);
    out.writeInt32LE(s.height, off + 4);
    out.writeInt32LE(s.x, off + 8);
    out.writeInt32LE(s.y, off + 12);
    out.writeInt32LE(s.display_id, off + 16);
  });
  return out;
}

/** u32 list (clipboard grab types) in host byte order; a trailing partial word is ignored. */
export function decodeTypes(data: Buffer): number[] {
  const out: number[] = [];
  for (let off = 0; off + 4 <= data.length; off += 4) out.push(data.readUInt32LE(off));
  return out;
}

export function encodeTypes(types: readonly number[]): Buffer {
  const out = Buffer.alloc(types.length * 4);
  types.forEach((t, i) => out.writeUInt32LE(t >>> 0, i * 4));
  return out;
}
