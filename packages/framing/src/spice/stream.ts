import { ChunkDecoder, encodeChunks } from './chunks.js';
import type { ChunkDecoderOptions } from './chunks.js';
import { NOT_NEGOTIATED, decodeMessage, encodeMessage, negotiate } from './codec.js';
import type { AgentMessage, CodecContext, OutgoingMessage } from './codec.js';
import { VD_AGENT_MAX_DATA_SIZE } from './messages.js';

/**
 * Byte stream <-> decoded VDAgent messages: chunk reassembly (./chunks) and
 * the table codec (./codec) joined, for agents and host tools alike.
 */

export type SpiceStreamEvent =
  /** `context` is the framing the message was decoded with (re-encode with it to get the same bytes). */
  | { kind: 'message'; port: number; message: AgentMessage; bytes: Buffer; context: CodecContext }
  /** A whole message that failed the codec (bad protocol, unknown type, bad size) or was too big; the stream continues. */
  | { kind: 'invalid'; port: number; error: string; bytes?: Buffer }
  /** Fatal framing error; see `ChunkEvent` 'reset'. */
  | { kind: 'reset'; reason: string };

export interface SpiceStreamDecoderOptions extends ChunkDecoderOptions {
  /** Initial framing context. Default: not negotiated. */
  context?: CodecContext;
  /** This side's caps words; see `ourCaps`. */
  ourCaps?: readonly number[];
}

export class SpiceStreamDecoder {
  private readonly chunks: ChunkDecoder;
  /** Framing capabilities in force for the next message decoded. */
  context: CodecContext;
  private ours: readonly number[] | undefined;
  private peer: readonly number[] | undefined;

  constructor(options: SpiceStreamDecoderOptions = {}) {
    this.chunks = new ChunkDecoder(options);
    this.context = options.context ?? NOT_NEGOTIATED;
    this.ours = options.ourCaps;
  }

  /**
   * This side's announced caps. While set, every ANNOUNCE_CAPABILITIES
   * received renegotiates `context` before the next message is decoded, even
   * within one `push`: the peer may send its announce and a selection-framed
   * grab back to back.
   */
  get ourCaps(): readonly number[] | undefined {
    return this.ours;
  }

  set ourCaps(words: readonly number[] | undefined) {
    this.ours = words;
    this.renegotiate();
  }

  /** The caps words the peer announced last (undefined before its first announce). */
  get peerCaps(): readonly number[] | undefined {
    return this.peer;
  }

  private renegotiate(): void {
    if (this.ours && this.peer) this.context = negotiate(this.ours, this.peer);
  }

  /** Forget partial chunks and messages and the peer's caps (after a port re-open or a new host session). */
  reset(): void {
    this.chunks.reset();
    this.peer = undefined;
    if (this.ours) this.context = NOT_NEGOTIATED;
  }

  /** Forget one port's partial message only; caps and the other ports stay (see ChunkDecoder.resetPort). */
  resetPort(port: number): void {
    this.chunks.resetPort(port);
  }

  /** Consume bytes in any split; returns the events they complete. Never throws. */
  push(data: Buffer): SpiceStreamEvent[] {
    return this.chunks.push(data).map((ev): SpiceStreamEvent => {
      if (ev.kind === 'reset') return ev;
      if (ev.kind === 'dropped') return { kind: 'invalid', port: ev.port, error: ev.reason };
      const context = this.context;
      const decoded = decodeMessage(ev.bytes, context);
      if (decoded.ok && decoded.message.name === 'ANNOUNCE_CAPABILITIES') {
        this.peer = decoded.message.fields.caps as number[];
        this.renegotiate();
      }
      return decoded.ok
        ? { kind: 'message', port: ev.port, message: decoded.message, bytes: ev.bytes, context }
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
