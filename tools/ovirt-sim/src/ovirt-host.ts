import { createConnection } from 'node:net';
import type { Socket } from 'node:net';
import { NewlineJsonDecoder, encodeOvirtMessage } from '@ga/framing/newline-json';
import type { NewlineEvent, OvirtMessage, PyJsonValue } from '@ga/framing/newline-json';
import { MessageQueue } from './message-queue.js';

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
  /** Every byte received, in order (for byte-exact assertions). */
  readonly raw: Buffer[] = [];
  /** Lines that were not usable messages, with the reason. */
  readonly dropped: Array<Extract<NewlineEvent, { kind: 'dropped' }>> = [];
  private readonly queue = new MessageQueue<ReceivedMessage>();
  private readonly decoder: NewlineJsonDecoder;
  private readonly timeoutMs: number;

  private constructor(private readonly socket: Socket, options: OvirtHostOptions) {
    this.decoder = new NewlineJsonDecoder({ filterXml: options.filterXml ?? true });
    this.timeoutMs = options.timeoutMs ?? 10_000;
    socket.on('data', (chunk: Buffer) => {
      this.raw.push(chunk);
      for (const ev of this.decoder.push(chunk)) {
        if (ev.kind === 'message') this.queue.push({ message: ev.message, bytes: ev.bytes });
        else this.dropped.push(ev);
      }
    });
    socket.on('close', () => this.queue.close(new Error('the agent closed the channel')));
    socket.on('error', (err) => this.queue.close(err));
  }

  /** Connect to the agent's UNIX socket at `path`. */
  static connect(path: string, options: OvirtHostOptions = {}): Promise<OvirtHost> {
    return new Promise((resolve, reject) => {
      const socket = createConnection(path);
      socket.once('connect', () => {
        socket.removeListener('error', onError);
        resolve(new OvirtHost(socket, options));
      });
      const onError = (err: Error) => reject(new Error(`cannot connect to ${path}: ${err.message}; start the agent (or QEMU) with a UNIX socket chardev at that path first`));
      socket.once('error', onError);
    });
  }

  /** Write bytes as they are (garbage, partial lines, invalid UTF-8). */
  sendRaw(data: Buffer | string): Promise<void> {
    return new Promise((resolve, reject) => this.socket.write(data, (err) => (err ? reject(err) : resolve())));
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
    return new Promise((resolve) => {
      if (this.socket.destroyed) return resolve();
      this.socket.once('close', () => resolve());
      this.socket.end();
      this.socket.destroySoon();
    });
  }
}

