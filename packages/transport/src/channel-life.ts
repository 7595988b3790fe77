/**
 * The life of an agent's channel, the same for every agent: the spec from
 * the options or from systemd socket activation, open, events to the agent,
 * and what happens when the channel fails — with `retry`, reopen every 5 s
 * (qemu-ga's -r; a virtio port that vanished on driver reload or hot-unplug
 * comes back), otherwise report it as fatal so the agent exits and systemd
 * restarts it. Writes go to whatever channel is open now.
 */
import { activatedChannelSpec, listenFdFromEnv } from './activation.js';
import type { Channel, ChannelSpec } from './channel.js';
import { createChannel } from './open.js';
import type { OpenChannelOptions } from './open.js';

/** Seconds between reopen attempts (qemu-ga's value). */
export const RETRY_DELAY_MS = 5000;

export interface ChannelLifeLog {
  warn(msg: string): void;
  error(msg: string): void;
  debug(msg: string): void;
}

export interface ChannelLifeOptions {
  spec: ChannelSpec;
  retry: boolean;
  log: ChannelLifeLog;
  /** Each time a channel was opened (first open and every reopen). */
  onOpen?: (channel: Channel) => void;
  onData: (chunk: Buffer) => void;
  /** A host session began (framings reset their state). */
  onConnect?: () => void;
  onHangup?: () => void;
  /** The client half-closed; call `finish` once every reply it is owed is written. Default: at once. */
  onEof?: (finish: () => void) => void;
  /** The channel failed and there is no retry: the agent should stop (exit 1). */
  onFatal: (err: Error) => void;
  openOptions?: OpenChannelOptions;
  /** For tests: the constructor (the channel is opened after its listeners are attached) and the delay. */
  create?: (spec: ChannelSpec) => Promise<Channel>;
  retryDelayMs?: number;
}

export interface ChannelLife {
  readonly spec: ChannelSpec;
  /** The open channel, if any (undefined between a failure and the reopen). */
  readonly channel: Channel | undefined;
  /** Write to the open channel; rejects when none is open. */
  write(data: Buffer): Promise<void>;
  /** Stop reopening and close. */
  close(): Promise<void>;
}

/** The spec systemd passed (LISTEN_FDS), else the one from the options. */
export async function resolveChannelSpec(fromOptions: () => ChannelSpec): Promise<ChannelSpec> {
  const fd = listenFdFromEnv();
  return fd !== undefined ? activatedChannelSpec(fd) : fromOptions();
}

/** A short human name of a spec for log lines. */
export function describeSpec(spec: ChannelSpec): string {
  return spec.method === 'vsock-listen' ? `${spec.method} ${spec.cid}:${spec.port}` : `${spec.method} ${spec.path}`;
}

/** Open the channel and keep it open: {@link createChannelLife} then `start()`. */
export async function startChannel(opts: ChannelLifeOptions): Promise<ChannelLife> {
  const life = createChannelLife(opts);
  await life.start();
  return life;
}

/**
 * The life cycle, not started yet: the caller holds it before the first
 * open, so what `onOpen` sends at once (a capabilities announce) can go
 * through `write`. `start()` resolves once the first open succeeded; it
 * rejects with "failed to open channel: ..." when that fails without `retry`.
 */
export function createChannelLife(opts: ChannelLifeOptions): ChannelLife & { start(): Promise<void> } {
  const delay = opts.retryDelayMs ?? RETRY_DELAY_MS;
  const create = opts.create ?? ((s: ChannelSpec) => createChannel(s, opts.openOptions));
  let channel: Channel | undefined;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;

  const wire = (c: Channel): void => {
    c.on('data', opts.onData);
    c.on('connect', () => {
      opts.log.debug('host connected');
      opts.onConnect?.();
    });
    c.on('hangup', () => {
      opts.log.debug('host hung up');
      opts.onHangup?.();
    });
    c.on('eof', (finish) => (opts.onEof ? opts.onEof(finish) : finish()));
    c.on('warning', (m) => opts.log.warn(m));
    c.on('error', (err) => {
      opts.log.error(`error on channel: ${err.message}`);
      if (channel === c) channel = undefined;
      if (closed) return;
      if (!opts.retry) {
        opts.onFatal(err);
        return;
      }
      schedule();
    });
  };

  const attempt = async (): Promise<void> => {
    const c = await create(opts.spec);
    // Listeners first: a connecting channel may report its host before open() resolves.
    wire(c);
    channel = c;
    try {
      await c.open();
    } catch (e) {
      channel = undefined;
      await c.close().catch(() => undefined);
      throw e;
    }
    if (closed) {
      await c.close();
      return;
    }
    opts.onOpen?.(c);
  };

  const schedule = (): void => {
    timer = setTimeout(() => {
      timer = undefined;
      if (closed) return;
      attempt().catch((e: unknown) => {
        opts.log.warn(`failed to open channel (${(e as Error).message}); retrying in ${delay / 1000} s`);
        schedule();
      });
    }, delay);
  };

  return {
    async start() {
      for (;;) {
        try {
          await attempt();
          return;
        } catch (e) {
          const msg = (e as Error).message;
          if (!opts.retry || closed) throw new Error(`failed to open channel: ${msg}`);
          opts.log.warn(`failed to open channel (${msg}); retrying in ${delay / 1000} s`);
          await new Promise((r) => setTimeout(r, delay));
        }
      }
    },
    spec: opts.spec,
    get channel() {
      return channel;
    },
    write: (data) => (channel ? channel.write(data) : Promise.reject(new Error('channel not open'))),
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await channel?.close().catch(() => undefined);
      channel = undefined;
    },
  };
}
