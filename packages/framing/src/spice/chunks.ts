import { decodeLayout, encodeLayout } from './layout.js';
import {
  VDI_CHUNK_HEADER,
  VDI_CHUNK_HEADER_SIZE,
  VDP_END_PORT,
  VD_AGENT_MAX_DATA_SIZE,
  VD_AGENT_MESSAGE_HEADER_SIZE,
  VD_AGENT_MESSAGE_SIZE_OFFSET,
} from './messages.js';

/**
 * VDIChunkHeader framing: per-port reassembly of VDAgentMessages from a byte
 * stream, and slicing of outgoing messages into chunks. No I/O.
 */

const NO_CTX = { selection: false, serial: false };

/** spice-gtk's default `max-clipboard` (100 MiB) plus the message header: the largest message worth buffering. */
export const DEFAULT_MAX_MESSAGE_SIZE = 100 * 1024 * 1024 + VD_AGENT_MESSAGE_HEADER_SIZE;

export interface ChunkDecoderOptions {
  /**
   * Largest chunk payload accepted; a bigger one resets the stream. Default
   * 2048, what the Linux daemon enforces on host→guest data. A host-side tool
   * reading the reference agent must raise it: that agent writes each message
   * as one chunk of any size.
   */
  maxChunkSize?: number;
  /**
   * Largest message (header + payload) buffered per port; a bigger one is
   * skipped while the stream stays in sync, and reported as `dropped`.
   */
  maxMessageSize?: number;
}

export type ChunkEvent =
  /** One complete VDAgentMessage (20-byte header + payload) and the port it arrived on. */
  | { kind: 'message'; port: number; bytes: Buffer }
  /** A message over `maxMessageSize` was skipped; framing is still in sync. */
  | { kind: 'dropped'; port: number; size: number; reason: string }
  /**
   * Fatal framing error (chunk too large, port ≥ 3, chunk larger than the
   * message it continues). All reassembly state is cleared and the rest of the
   * current `push` is discarded: the reference agent closes and re-opens the
   * port here, which throws away everything queued, so the next `push` must
   * start at a chunk boundary.
   */
  | { kind: 'reset'; reason: string };

interface PortState {
  header: Buffer;
  headerRead: number;
  /** Payload bytes the current message still needs, once its header is complete. */
  remaining: number;
  parts: Buffer[] | undefined;
  skipping: boolean;
  total: number;
}

function freshPort(): PortState {
  return { header: Buffer.alloc(VD_AGENT_MESSAGE_HEADER_SIZE), headerRead: 0, remaining: 0, parts: [], skipping: false, total: 0 };
}

/**
 * Incremental chunk demultiplexer with one bounded reassembler per port, as
 * the Linux daemon keeps (a port-2 mouse message may interleave with a long
 * port-1 clipboard message). Feed it bytes in any split; it returns events.
 */
export class ChunkDecoder {
  private readonly maxChunkSize: number;
  private readonly maxMessageSize: number;
  private chunkHeader = Buffer.alloc(VDI_CHUNK_HEADER_SIZE);
  private chunkHeaderRead = 0;
  private chunkPort = 0;
  private chunkRemaining = 0;
  /** The next payload piece is the first of its chunk (size checks apply to whole chunks). */
  private chunkFresh = false;
  private ports: PortState[] = [];
  /** The rest of the current chunk is dropped: its port was reset while the chunk was in flight. */
  private discardChunk = false;

  constructor(options: ChunkDecoderOptions = {}) {
    this.maxChunkSize = options.maxChunkSize ?? VD_AGENT_MAX_DATA_SIZE;
    this.maxMessageSize = options.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE;
    this.reset();
  }

  /** Forget every partial chunk and message (call it after re-opening the port). */
  reset(): void {
    this.chunkHeaderRead = 0;
    this.chunkRemaining = 0;
    this.discardChunk = false;
    this.ports = Array.from({ length: VDP_END_PORT }, freshPort);
  }

  /**
   * Forget the partial message of one port and keep the others (the Linux
   * daemon resets the client port's reassembler on CLIENT_DISCONNECTED, which
   * arrives on the server port). If a chunk of that port is half read, the
   * rest of it is dropped, so the stream stays in sync.
   */
  resetPort(port: number): void {
    if (port < 0 || port >= VDP_END_PORT) return;
    this.ports[port] = freshPort();
    if (this.chunkRemaining > 0 && this.chunkPort === port) this.discardChunk = true;
  }

  /** Consume bytes; returns the events they complete, in stream order. */
  push(data: Buffer): ChunkEvent[] {
    const events: ChunkEvent[] = [];
    let off = 0;
    while (off < data.length) {
      if (this.chunkRemaining === 0 && this.chunkHeaderRead < VDI_CHUNK_HEADER_SIZE) {
        const n = Math.min(VDI_CHUNK_HEADER_SIZE - this.chunkHeaderRead, data.length - off);
        data.copy(this.chunkHeader, this.chunkHeaderRead, off, off + n);
        this.chunkHeaderRead += n;
        off += n;
        if (this.chunkHeaderRead < VDI_CHUNK_HEADER_SIZE) break;
        const { port, size } = decodeLayout(VDI_CHUNK_HEADER, this.chunkHeader, NO_CTX).values as { port: number; size: number };
        // Same two checks, same order, as the Linux daemon's chunk header handler.
        if (size > this.maxChunkSize) return this.fail(events, `chunk size ${size} too large (max ${this.maxChunkSize})`);
        if (port >= VDP_END_PORT) return this.fail(events, `chunk port ${port} out of range`);
        this.chunkPort = port;
        this.chunkRemaining = size;
        this.chunkHeaderRead = 0;
        this.chunkFresh = true;
        this.discardChunk = false;
        if (size === 0) continue;
      }
      const n = Math.min(this.chunkRemaining, data.length - off);
      const problem = this.discardChunk ? undefined : this.feedPort(data.subarray(off, off + n), events);
      if (problem) return this.fail(events, problem);
      off += n;
      this.chunkRemaining -= n;
    }
    return events;
  }

  /** Feed a piece of the current chunk's payload into its port's reassembler. */
  private feedPort(piece: Buffer, events: ChunkEvent[]): string | undefined {
    const port = this.chunkPort;
    const st = this.ports[port]!;
    // `chunkRemaining` still includes `piece` here.
    let chunkLeft = this.chunkRemaining;
    let off = 0;
    if (st.headerRead < VD_AGENT_MESSAGE_HEADER_SIZE) {
      // A message header may straddle chunks; the reference accumulates it too.
      const n = Math.min(VD_AGENT_MESSAGE_HEADER_SIZE - st.headerRead, piece.length);
      piece.copy(st.header, st.headerRead, 0, n);
      st.headerRead += n;
      off = n;
      chunkLeft -= n;
      if (st.headerRead < VD_AGENT_MESSAGE_HEADER_SIZE) return undefined;
      st.remaining = st.header.readUInt32LE(VD_AGENT_MESSAGE_SIZE_OFFSET);
      st.total = VD_AGENT_MESSAGE_HEADER_SIZE + st.remaining;
      st.skipping = st.total > this.maxMessageSize;
      st.parts = st.skipping ? undefined : [Buffer.from(st.header)];
      if (chunkLeft > st.remaining) return 'chunk larger than message, lost sync?';
    } else if (this.chunkFresh && chunkLeft > st.remaining) {
      // A continuation chunk must not carry more than the message still needs.
      return 'chunk larger than message, lost sync?';
    }
    this.chunkFresh = false;
    const body = piece.subarray(off);
    if (body.length > 0) {
      if (!st.skipping) st.parts!.push(Buffer.from(body));
      st.remaining -= body.length;
    }
    if (st.remaining === 0) {
      if (st.skipping) {
        events.push({ kind: 'dropped', port, size: st.total, reason: `message of ${st.total} bytes exceeds the ${this.maxMessageSize}-byte limit` });
      } else {
        events.push({ kind: 'message', port, bytes: Buffer.concat(st.parts!) });
      }
      this.ports[port] = freshPort();
    }
    return undefined;
  }

  private fail(events: ChunkEvent[], reason: string): ChunkEvent[] {
    this.reset();
    events.push({ kind: 'reset', reason });
    return events;
  }
}

/** Encode one 8-byte VDIChunkHeader. */
export function encodeChunkHeader(port: number, size: number): Buffer {
  return encodeLayout(VDI_CHUNK_HEADER, { port, size }, NO_CTX);
}

/**
 * Slice one encoded VDAgentMessage (header + payload) into chunks for `port`,
 * each payload at most `maxChunkSize` (default 2048) bytes. The 20-byte header
 * is always whole in the first chunk and a chunk never holds bytes of two
 * messages: spice-server's agent message filter detaches an agent that breaks
 * either rule (spice-vdagent.md §1.3).
 */
export function encodeChunks(port: number, message: Buffer, maxChunkSize: number = VD_AGENT_MAX_DATA_SIZE): Buffer[] {
  if (maxChunkSize < VD_AGENT_MESSAGE_HEADER_SIZE) throw new RangeError(`maxChunkSize ${maxChunkSize} cannot hold the 20-byte message header`);
  if (port < 0 || port >= VDP_END_PORT) throw new RangeError(`port ${port} is not 0..2 (use 1, VDP_CLIENT_PORT)`);
  const chunks: Buffer[] = [];
  for (let off = 0; off < message.length || off === 0; off += maxChunkSize) {
    const piece = message.subarray(off, off + maxChunkSize);
    chunks.push(Buffer.concat([encodeChunkHeader(port, piece.length), piece]));
    if (message.length === 0) break;
  }
  return chunks;
}
