import type { AgentMessage, CodecContext, OutgoingMessage } from '@ga/framing/spice-codec';
import { VDP_CLIENT_PORT, VD_AGENT_MAX_DATA_SIZE, capsWords, messageType } from '@ga/framing/spice-messages';
import type { CapName } from '@ga/framing/spice-messages';
import { SpiceStreamDecoder, encodeSpiceMessage } from '@ga/framing/spice-stream';
import type { SpiceStreamEvent } from '@ga/framing/spice-stream';
import { connectAgentSocket } from '@ga/host-kit/agent-socket';
import type { AgentSocket } from '@ga/host-kit/agent-socket';
import { MessageQueue } from '@ga/host-kit/message-queue';
import { listenAgentSocket } from './listen-socket.js';
import type { SpiceHostListener } from './listen-socket.js';

export type { SpiceHostListener } from './listen-socket.js';

/**
 * The host side of the SPICE agent port (spice-server + client in one, like
 * QEMU's qemu-vdagent chardev): connect to the agent's UNIX socket, send
 * VDAgent messages sliced into chunks, read and decode what the agent sends.
 * Framing level only for now (spice-vdagent.md §1, §4.6).
 */

/** spice-gtk's announced capability set (0x00035077), what the recorded harness used. */
export const SPICE_GTK_CAPS: readonly CapName[] = [
  'MOUSE_STATE', 'MONITORS_CONFIG', 'REPLY', 'DISPLAY_CONFIG', 'CLIPBOARD_BY_DEMAND', 'CLIPBOARD_SELECTION',
  'MONITORS_CONFIG_POSITION', 'FILE_XFER_DETAILED_ERRORS', 'CLIPBOARD_NO_RELEASE_ON_REGRAB', 'CLIPBOARD_GRAB_SERIAL',
];

export interface ReceivedAgentMessage {
  port: number;
  message: AgentMessage;
  /** The reassembled message bytes (header + payload). */
  bytes: Buffer;
}

export interface SpiceHostOptions {
  /**
   * Largest chunk accepted from the agent. Default unlimited: the reference
   * Linux agent writes each message as one chunk of any size, and
   * spice-server accepts that.
   */
  maxChunkSize?: number;
  /** Chunk payload size used when sending. Default 2048, as spice-gtk slices. */
  chunkSize?: number;
  /** Default wait for `next()`, in ms. Default 10000. */
  timeoutMs?: number;
}

export class SpiceHost {
  /** Messages that failed to decode and framing resets, in order. */
  readonly problems: Array<Exclude<SpiceStreamEvent, { kind: 'message' }>> = [];
  private readonly decoder: SpiceStreamDecoder;
  private readonly queue = new MessageQueue<ReceivedAgentMessage>();
  /**
   * Sees each decoded message first, as it arrives; returning true keeps it
   * out of `next()` (a client answering requests without a reader waiting).
   */
  intercept: ((m: ReceivedAgentMessage) => boolean) | undefined;
  private readonly chunkSize: number;
  private readonly timeoutMs: number;
  private channel!: AgentSocket;

  private constructor(options: SpiceHostOptions) {
    this.decoder = new SpiceStreamDecoder({ maxChunkSize: options.maxChunkSize ?? Infinity });
    this.chunkSize = options.chunkSize ?? VD_AGENT_MAX_DATA_SIZE;
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  /** Connect to the agent's UNIX socket at `path`. */
  static async connect(path: string, options: SpiceHostOptions = {}): Promise<SpiceHost> {
    const host = new SpiceHost(options);
    host.channel = await connectAgentSocket(path, { ...host.handlers(), closedMessage: 'the agent closed the port' });
    return host;
  }

  /**
   * Listen on `path` for an agent that connects (spice-vdagentd `-s PATH`
   * where PATH is a socket, as QEMU's chardev server end would be); each
   * accepted connection is a new host session.
   */
  static listen(path: string, options: SpiceHostOptions = {}): Promise<SpiceHostListener> {
    return listenAgentSocket(path, () => {
      const host = new SpiceHost(options);
      return { host, handlers: { ...host.handlers(), closedMessage: 'the agent closed the port' }, attach: (ch: AgentSocket) => (host.channel = ch) };
    });
  }

  private handlers(): { onData: (chunk: Buffer) => void; onEnd: (err: Error) => void } {
    return {
      onData: (chunk) => {
        for (const ev of this.decoder.push(chunk)) {
          if (ev.kind !== 'message') {
            this.problems.push(ev);
            continue;
          }
          const m = { port: ev.port, message: ev.message, bytes: ev.bytes };
          if (!this.intercept?.(m)) this.queue.push(m);
        }
      },
      onEnd: (err) => this.queue.close(err),
    };
  }

  /** Every byte received, in order (for byte-exact assertions). */
  get raw(): Buffer[] {
    return this.channel.raw;
  }

  /** Framing context in force: selection block / grab serial once both sides announced them. */
  get context(): CodecContext {
    return this.decoder.context;
  }

  /** Caps words the agent announced last (undefined until it did). */
  get agentCaps(): readonly number[] | undefined {
    return this.decoder.peerCaps;
  }

  /** Caps words this host announced last (undefined until it did). */
  get hostCaps(): readonly number[] | undefined {
    return this.decoder.ourCaps;
  }

  /** Write bytes as they are (bad chunks, garbage, hand-made vectors). */
  sendRaw(data: Buffer): Promise<void> {
    return this.channel.write(data);
  }

  /**
   * Encode a message with the negotiated framing and send it on `port`
   * (default 1, the client port) in chunks of at most `chunkSize` bytes.
   * `type` may be a number or a wire name such as `'MOUSE_STATE'`.
   */
  send(message: Omit<OutgoingMessage, 'type'> & { type: number | string }, port: number = VDP_CLIENT_PORT, chunkSize: number = this.chunkSize): Promise<void> {
    const type = typeof message.type === 'string' ? messageType(message.type) : message.type;
    return this.sendRaw(encodeSpiceMessage(port, { ...message, type }, this.context, chunkSize));
  }

  /** ANNOUNCE_CAPABILITIES with `request` set (ask the agent for its caps) unless told otherwise. */
  announceCapabilities(caps: readonly CapName[] = SPICE_GTK_CAPS, request = true): Promise<void> {
    const words = capsWords(caps);
    const sent = this.send({ type: 'ANNOUNCE_CAPABILITIES', fields: { request: request ? 1 : 0, caps: words } });
    // From now on, the agent's announce switches framing on both directions.
    this.decoder.ourCaps = words;
    return sent;
  }

  /** The next decoded message from the agent; rejects on timeout or when the port closes. */
  next(timeoutMs: number = this.timeoutMs): Promise<ReceivedAgentMessage> {
    return this.queue.next(timeoutMs, 'VDAgent message from the agent');
  }

  /** Close the connection (for the agent: the host went away). */
  close(): Promise<void> {
    return this.channel.close();
  }
}
