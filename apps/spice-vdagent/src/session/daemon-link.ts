/**
 * The session agent's udscs connection to spice-vdagentd (`-S`, default
 * /run/spice-vdagentd/spice-vdagent-sock): connect, retrying once a second
 * up to 60 times like the original (vdagent.c MAX_RETRY_CONNECT_SYSTEM_AGENT),
 * and, once it has answered, once a second for as long as it takes whenever
 * it goes away — the original only reconnects when daemonized; here the
 * clipboard must not silently stop after the daemon restarts. Messages
 * above the cap drop the connection.
 */
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { UdscsDecoder, encodeUdscs } from '@ga/framing/udscs';
import type { UdscsMessage } from '@ga/framing/udscs-protocol';

export interface DaemonLinkOptions {
  path: string;
  maxMessageSize: number;
  retryMs: number;
  maxRetries: number;
}

export interface DaemonLinkHandlers {
  onConnect(): void;
  onMessage(msg: UdscsMessage): void;
  onDisconnect(reason: string): void;
  /** Every retry failed: the caller exits. */
  onGiveUp(lastError: string): void;
}

export class DaemonLink {
  private socket: Socket | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private retries = 0;
  private everConnected = false;

  constructor(
    private readonly opts: DaemonLinkOptions,
    private readonly h: DaemonLinkHandlers,
  ) {}

  start(): void {
    this.attempt();
  }

  get connected(): boolean {
    return this.socket !== undefined;
  }

  send(type: number, arg1 = 0, arg2 = 0, data?: Buffer): void {
    this.socket?.write(encodeUdscs(type, arg1, arg2, data));
  }

  /** Resolves once everything written so far has been handed to the kernel. */
  flush(): Promise<void> {
    const s = this.socket;
    if (!s || s.writableLength === 0) return Promise.resolve();
    return new Promise((resolve) => s.write(Buffer.alloc(0), () => resolve()));
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.socket?.end();
    this.socket = undefined;
  }

  private attempt(): void {
    if (this.closed) return;
    const s = connect(this.opts.path);
    let up = false;
    let reason = 'the daemon closed the connection';
    const decoder = new UdscsDecoder(this.opts.maxMessageSize);
    s.once('connect', () => {
      up = true;
      this.everConnected = true;
      this.retries = 0;
      this.socket = s;
      this.h.onConnect();
    });
    s.on('data', (chunk: Buffer) => {
      for (const ev of decoder.push(chunk)) {
        if (ev.kind === 'too-large') {
          reason = `message type ${ev.type} of ${ev.size} bytes is over the limit`;
          s.destroy();
          return;
        }
        this.h.onMessage(ev.message);
      }
    });
    s.on('error', (err) => (reason = err.message));
    s.once('close', () => {
      if (this.socket === s) this.socket = undefined;
      if (this.closed) return;
      if (up) {
        this.h.onDisconnect(reason);
        this.schedule(reason);
        return;
      }
      // Only a daemon that never answered makes us give up; once it has, it is awaited for good.
      if (++this.retries >= this.opts.maxRetries && !this.everConnected) return this.h.onGiveUp(reason);
      this.schedule(reason);
    });
  }

  private schedule(_reason: string): void {
    this.timer = setTimeout(() => this.attempt(), this.opts.retryMs);
  }
}
