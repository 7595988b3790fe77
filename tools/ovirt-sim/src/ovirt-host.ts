import { NewlineJsonDecoder, encodeOvirtMessage } from '@ga/framing/newline-json';
import type { NewlineEvent, OvirtMessage, PyJsonValue } from '@ga/framing/newline-json';
import { connectAgentSocket } from '@ga/host-kit/agent-socket';
import type { AgentSocket } from '@ga/host-kit/agent-socket';
import { MessageQueue } from '@ga/host-kit/message-queue';

/**
 * The host side of the oVirt guest agent channel, as VDSM plays it
 * (ovirt-guest-agent.md §5.1): connect to the agent's chardev UNIX socket
 * (QEMU's `<channel type='unix'>` socket, or an agent in unix-listen mode),
 * send `__name__` commands, read messages. Framing level only for now.
 */

/** A message from the agent and its line exactly as received (without `\n`). */
export interface ReceivedMessage {
  message: OvirtMessage;
  bytes: Buffer;
}

export interface OvirtHostOptions {
  /** Apply VDSM's XML character filter to received strings. Default true, as VDSM. */
  filterXml?: boolean;
  /** Default wait for `next()`, in ms. Default 10000. */
  timeoutMs?: number;
}

export class OvirtHost {
  /** Lines that were not usable messages, with the reason. */
  readonly dropped: Array<Extract<NewlineEvent, { kind: 'dropped' }>> = [];
  private readonly queue = new MessageQueue<ReceivedMessage>();
  private readonly decoder: NewlineJsonDecoder;
  private readonly timeoutMs: number;
  private channel!: AgentSocket;

  private constructor(options: OvirtHostOptions) {
    this.decoder = new NewlineJsonDecoder({ filterXml: options.filterXml ?? true });
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  /** Connect to the agent's UNIX socket at `path`. */
  static async connect(path: string, options: OvirtHostOptions = {}): Promise<OvirtHost> {
    const host = new OvirtHost(options);
    host.channel = await connectAgentSocket(path, {
      onData: (chunk) => {
        for (const ev of host.decoder.push(chunk)) {
          if (ev.kind === 'message') host.queue.push({ message: ev.message, bytes: ev.bytes });
          else host.dropped.push(ev);
        }
      },
      onEnd: (err) => host.queue.close(err),
      closedMessage: 'the agent closed the channel',
    });
    return host;
  }

  /** Every byte received, in order (for byte-exact assertions). */
  get raw(): Buffer[] {
    return this.channel.raw;
  }

  /** Write bytes as they are (garbage, partial lines, invalid UTF-8). */
  sendRaw(data: Buffer | string): Promise<void> {
    return this.channel.write(data);
  }

  /** Send one message the way VDSM writes it: Python 3 `json.dumps`, no XML filtering, then `\n`. */
  send(message: OvirtMessage): Promise<void> {
    return this.sendRaw(encodeOvirtMessage(message, { filterXml: false }));
  }

  /** Send a command with VDSM's key order: arguments first, `__name__` appended last. */
  command(name: string, args: Record<string, PyJsonValue> = {}): Promise<void> {
    return this.send({ ...args, __name__: name } as OvirtMessage);
  }

  /** VDSM's connect message: `{"apiVersion": 3, "__name__": "refresh"}` (omit the version with `null`). */
  refresh(apiVersion: number | null = 3): Promise<void> {
    return this.command('refresh', apiVersion === null ? {} : { apiVersion });
  }

  /** `{"apiVersion": N, "__name__": "api-version"}`, sent by VDSM when the heartbeat version changes. */
  apiVersion(version: number): Promise<void> {
    return this.command('api-version', { apiVersion: version });
  }

  /** The next message from the agent; rejects on timeout or when the channel closes. */
  next(timeoutMs: number = this.timeoutMs): Promise<ReceivedMessage> {
    return this.queue.next(timeoutMs, 'message from the agent');
  }

  /** Close the connection. */
  close(): Promise<void> {
    return this.channel.close();
  }
}
