/**
 * unix-connect: the agent connects to a socket (spice-vdagentd when its port
 * path is a socket rather than a device, e.g. a test host). The server may
 * come and go: the channel reconnects with a backoff (100 ms doubling to
 * 5 s) until close(), emitting `connect`/`hangup` per session.
 */
import { connect, type Socket } from 'node:net';
import type { Channel, ChannelSpec } from './channel.js';
import { ChannelEmitter, channelError, errnoCode, sleep } from './channel-base.js';

type UnixConnectSpec = Extract<ChannelSpec, { method: 'unix-connect' }>;

export interface UnixConnectOptions {
  initialRetryMs?: number;
  maxRetryMs?: number;
}

export class UnixConnectChannel extends ChannelEmitter implements Channel {
  readonly sessionAware = true;
  private socket: Socket | undefined;
  private readonly pending = new Set<(err: Error) => void>();
  private closed = false;
  private started = false;
  private wake: (() => void) | undefined;

  constructor(
    readonly spec: UnixConnectSpec,
    private readonly opts: UnixConnectOptions = {},
  ) {
    super();
  }

  /** Resolves after the first attempt; a failed one is retried in the background (see `warning`). */
  async open(): Promise<void> {
    if (this.closed) throw new Error('channel is closed: create a new one');
    if (this.started) return;
    this.started = true;
    const first = await this.attempt();
    if (!first) void this.retryLoop();
  }

  write(data: Buffer): Promise<void> {
    if (this.closed) return Promise.reject(new Error('channel is closed'));
    const s = this.socket;
    if (!s) return Promise.reject(new Error(`not connected to ${this.spec.path}: the data cannot be delivered`));
    return new Promise((resolve, reject) => {
      this.pending.add(reject);
      s.write(data, (err) => {
        if (!this.pending.delete(reject)) return;
        if (err) reject(channelError(`write to ${this.spec.path} failed: ${err.message}`, errnoCode(err), err));
        else resolve();
      });
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.wake?.();
    this.failPending(new Error('channel closed before the data was sent'));
    const s = this.socket;
    this.socket = undefined;
    if (s) await new Promise<void>((resolve) => (s.destroyed ? resolve() : s.once('close', () => resolve()).destroy()));
  }

  private failPending(err: Error): void {
    for (const reject of this.pending) reject(err);
    this.pending.clear();
  }

  /** One connection attempt; true when connected. */
  private attempt(): Promise<boolean> {
    return new Promise((resolve) => {
      const s = connect(this.spec.path);
      s.once('error', (err) => {
        this.emit('warning', `cannot connect to ${this.spec.path}: ${err.message}; retrying`);
        resolve(false);
      });
      s.once('connect', () => {
        s.removeAllListeners('error');
        if (this.closed) {
          s.destroy();
          return resolve(false);
        }
        this.socket = s;
        s.on('data', (chunk: Buffer) => this.emit('data', chunk));
        s.on('error', (err) => this.emit('warning', `${this.spec.path}: ${err.message}`));
        s.on('end', () => s.destroy());
        s.on('close', () => {
          this.socket = undefined;
          this.failPending(new Error(`${this.spec.path} closed before the data was sent`));
          this.emit('hangup');
          if (!this.closed) void this.retryLoop();
        });
        this.emit('connect');
        resolve(true);
      });
    });
  }

  private async retryLoop(): Promise<void> {
    let delay = this.opts.initialRetryMs ?? 100;
    while (!this.closed) {
      const s = sleep(delay);
      this.wake = s.cancel;
      await s.done;
      if (this.closed || (await this.attempt())) return;
      delay = Math.min(delay * 2, this.opts.maxRetryMs ?? 5000);
    }
  }
}
