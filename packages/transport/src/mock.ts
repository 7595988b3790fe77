/**
 * An in-memory channel pair for app unit tests: the agent side implements
 * Channel, the host side writes bytes in, reads what the agent wrote and
 * simulates connect/hang-up. Events are delivered asynchronously (microtask),
 * like a real transport.
 */
import type { Channel, ChannelSpec } from './channel.js';
import { ChannelEmitter } from './channel-base.js';

export interface MockPairOptions {
  /** Like unix/vsock (writes need a connected host) vs virtio/serial (writes always accepted). Default true. */
  sessionAware?: boolean;
  /** Start with a host connected (emits `connect` on open). Default true. */
  connected?: boolean;
  spec?: ChannelSpec;
}

export class MockChannel extends ChannelEmitter implements Channel {
  readonly sessionAware: boolean;
  readonly spec: ChannelSpec;
  opened = false;
  closed = false;
  /** @internal set by the host side */
  hostConnected: boolean;
  /** @internal */
  sink: ((data: Buffer) => void) | undefined;

  constructor(opts: MockPairOptions) {
    super();
    this.sessionAware = opts.sessionAware ?? true;
    this.spec = opts.spec ?? { method: 'unix-listen', path: '/mock' };
    this.hostConnected = opts.connected ?? true;
  }

  async open(): Promise<void> {
    if (this.closed) throw new Error('channel is closed: create a new one');
    if (this.opened) return;
    this.opened = true;
    if (this.hostConnected) queueMicrotask(() => this.emit('connect'));
  }

  async write(data: Buffer): Promise<void> {
    if (this.closed || !this.opened) throw new Error('channel is not open');
    if (this.sessionAware && !this.hostConnected) throw new Error('no client connected: the reply cannot be delivered');
    this.sink?.(Buffer.from(data));
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

export class MockHost {
  private readonly chunks: Buffer[] = [];
  private readonly waiters: Array<() => void> = [];

  constructor(private readonly agent: MockChannel) {
    agent.sink = (data) => {
      this.chunks.push(data);
      for (const w of this.waiters.splice(0)) w();
    };
  }

  /** Send bytes to the agent (a `data` event). */
  write(data: Buffer | string): void {
    const buf = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data);
    queueMicrotask(() => this.agent.emit('data', buf));
  }

  /** Everything the agent wrote since the last read(), and forget it. */
  read(): Buffer {
    return Buffer.concat(this.chunks.splice(0));
  }

  /** Everything the agent wrote and the host has not read yet. */
  peek(): Buffer {
    return Buffer.concat(this.chunks);
  }

  /** Resolves once the unread output satisfies `until` (default: anything written). */
  async next(until: (unread: Buffer) => boolean = (b) => b.length > 0): Promise<Buffer> {
    while (!until(this.peek())) await new Promise<void>((r) => this.waiters.push(r));
    return this.read();
  }

  /** A host client arrives: `connect`. */
  connect(): void {
    this.agent.hostConnected = true;
    queueMicrotask(() => this.agent.emit('connect'));
  }

  /** The host client leaves: `hangup`. */
  hangup(): void {
    this.agent.hostConnected = false;
    queueMicrotask(() => this.agent.emit('hangup'));
  }
}

/** A connected agent/host pair. */
export function createMockPair(opts: MockPairOptions = {}): { agent: MockChannel; host: MockHost } {
  const agent = new MockChannel(opts);
  return { agent, host: new MockHost(agent) };
}
