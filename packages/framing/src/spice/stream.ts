import { ChunkDecoder, encodeChunks } from './chunks.js';
import type { ChunkDecoderOptions } from './chunks.js';
import { NOT_NEGOTIATED, decodeMessage, encodeMessage } from './codec.js';
import type { AgentMessage, CodecContext, OutgoingMessage } from './codec.js';
import { VD_AGENT_MAX_DATA_SIZE } from './messages.js';

/**
 * Byte stream <-> decoded VDAgent messages: chunk reassembly (./chunks) and
 * the table codec (./codec) joined, for agents and host tools alike.
 */

export type SpiceStreamEvent =
  | { kind: 'message'; port: number; message: AgentMessage; bytes: Buffer }
  /** A whole message that failed the codec (bad protocol, unknown type, bad size) or was too big; the stream continues. */
  | { kind: 'invalid'; port: number; error: string; bytes?: Buffer }
  /** Fatal framing error; see `ChunkEvent` 'reset'. */
  | { kind: 'reset'; reason: string };

export class SpiceStreamDecoder {
  private readonly chunks: ChunkDecoder;
  /** Framing capabilities in force; update it when both sides have announced caps. */
  context: CodecContext;

  constructor(options: ChunkDecoderOptions & { context?: CodecContext } = {}) {
    this.chunks = new ChunkDecoder(options);
    this.context = options.context ?? NOT_NEGOTIATED;
  }

  /** Forget partial chunks and messages (after a port re-open or a new host session). */
  reset(): void {
    this.chunks.reset();
  }

  /** Consume bytes in any split; returns the events they complete. Never throws. */
  push(data: Buffer): SpiceStreamEvent[] {
    return this.chunks.push(data).map((ev): SpiceStreamEvent => {
      if (ev.kind === 'reset') return ev;
      if (ev.kind === 'dropped') return { kind: 'invalid', port: ev.port, error: ev.reason };
      const decoded = decodeMessage(ev.bytes, this.context);
      return decoded.ok
        ? { kind: 'message', port: ev.port, message: decoded.message, bytes: ev.bytes }
        : { kind: 'invalid', port: ev.port, error: decoded.error, bytes: ev.bytes };
    });
  }
}

/**
 * Encode a message and slice it into chunks of at most `maxChunkSize` payload
 * bytes on `port`; returns the bytes to write in one go.
 */
export function encodeSpiceMessage(
  port: number,
  message: OutgoingMessage,
  ctx: CodecContext = NOT_NEGOTIATED,
  maxChunkSize: number = VD_AGENT_MAX_DATA_SIZE,
): Buffer {
  return Buffer.concat(encodeChunks(port, encodeMessage(message, ctx), maxChunkSize));
}
