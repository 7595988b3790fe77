/**
 * unix-listen (qemu-ga `-m unix-listen -p PATH`, tests and socket activation).
 *
 * One client at a time, like qemu-ga (qemu-ga.md §1.8): further clients are
 * accepted paused (`pauseOnConnect`) and wait in line unread, so whatever
 * they already sent is served, in order, once the current client leaves.
 * Node cannot stop accepting on a listening handle, so the line lives here
 * instead of in the kernel backlog; it is capped like a backlog would be.
 * Unlike qemu-ga, a client's ECONNRESET/EPIPE ends that client only, and a
 * client that stops reading is dropped (bounded queue + write timeout)
 * instead of stalling the agent.
 */
import { existsSync, lstatSync, unlinkSync } from 'node:fs';
import { dirname } from 'node:path';
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { Channel, ChannelSpec } from './channel.js';
import { ChannelEmitter, channelError, errnoCode } from './channel-base.js';
import { DEFAULT_MAX_QUEUED_BYTES, DEFAULT_WRITE_TIMEOUT_MS, type ListenLimits } from './limits.js';
import { WriteBatch } from './write-batch.js';

type UnixListenSpec = Extract<ChannelSpec, { method: 'unix-listen' }>;

export interface UnixListenOptions extends ListenLimits {
  /** Clients that may wait for their turn; more are closed at once (default 16). */
  maxWaiting?: number;
}

/** Is anybody accepting on the socket file at `path`? */
function someoneListens(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(path);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/**
 * Remove a stale socket file left by a previous run (qemu-ga leaves it on
 * exit), but never a live one or something that is not a socket.
 */
async function clearStaleSocket(path: string): Promise<void> {
  let st;
  try {
    st = lstatSync(path);
  } catch {
    return;
  }
  if (!st.isSocket()) {
    throw channelError(`${path} exists and is not a socket: remove it or choose another path`, 'EEXIST');
  }
  if (await someoneListens(path)) {
    throw channelError(`another process is listening on ${path} (another guest agent?): stop it first`, 'EADDRINUSE');
  }
  unlinkSync(path);
}

interface Client {
  socket: Socket;
  /** Batches handed over and not yet settled (open, or in the socket). */
  pending: Set<WriteBatch>;
  timer: NodeJS.Timeout | undefined;
  /** The batch this tick's writes join: they leave in one socket write at the end of the tick, or once it is full. */
  batch: WriteBatch | undefined;
}

export class UnixListenChannel extends ChannelEmitter implements Channel {
  readonly sessionAware = true;
  private server: Server | undefined;
  private current: Client | undefined;
  private readonly waiting: Socket[] = [];
  private closed = false;

  constructor(
    readonly spec: UnixListenSpec,
    private readonly opts: UnixListenOptions = {},
  ) {
    super();
  }

  async open(): Promise<void> {
    if (this.closed) throw new Error('channel is closed: create a new one');
    if (this.server) return;
    if (this.spec.fd === undefined) await clearStaleSocket(this.spec.path);
    // allowHalfOpen: a client that half-closes still reads; serve() decides when to end (see the eof event).
    const server = createServer({ pauseOnConnect: true, allowHalfOpen: true }, (s) => this.onConnection(s));
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err) => {
        const code = errnoCode(err);
        const where = this.spec.fd === undefined ? this.spec.path : `inherited fd ${this.spec.fd}`;
        const hint = this.spec.fd === undefined ? listenHint(this.spec.path, code) : '';
        reject(channelError(`cannot listen on ${where}: ${err.message}${hint}`, code, err));
      });
      if (this.spec.fd !== undefined) server.listen({ fd: this.spec.fd }, resolve);
      else server.listen(this.spec.path, resolve);
    });
    server.removeAllListeners('error');
    server.on('error', (err) => this.emit('warning', `listener error: ${err.message}`));
    this.server = server;
  }

  write(data: Buffer): Promise<void> {
    if (this.closed) return Promise.reject(new Error('channel is closed'));
    const c = this.current;
    if (!c) return Promise.reject(new Error('no client connected: the reply cannot be delivered'));
    const queued = c.socket.writableLength + (c.batch?.bytes ?? 0);
    const max = this.opts.maxQueuedBytes ?? DEFAULT_MAX_QUEUED_BYTES;
    if (queued > 0 && queued + data.length > max) {
      const reason = `client not reading (${queued} bytes waiting): dropping it`;
      this.drop(c, reason);
      return Promise.reject(new Error(reason));
    }
    let b = c.batch;
    if (!b) {
      const opened = (b = c.batch = new WriteBatch());
      c.pending.add(b);
      // Armed when output starts waiting; only progress (below) restarts it.
      if (!c.timer) this.armStallTimer(c);
      process.nextTick(() => this.send(c, opened));
    }
    b.add(data);
    if (!b.fits(0)) this.send(c, b);
    return b.done;
  }

  private send(c: Client, b: WriteBatch): void {
    if (c.batch !== b) return; // already sent
    c.batch = undefined;
    if (!c.pending.has(b)) return; // the client was dropped meanwhile: already rejected
    c.socket.write(b.join(), (err) => {
      if (!c.pending.delete(b)) return; // already rejected by drop/close
      if (err) b.reject(channelError(`write to client failed: ${err.message}`, errnoCode(err), err));
      else {
        // Progress: restart the stall clock while output is still pending.
        if (c.pending.size > 0) this.armStallTimer(c);
        else this.disarm(c);
        b.resolve();
      }
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.current) this.drop(this.current, 'channel closed before the data was sent', false);
    for (const s of this.waiting.splice(0)) s.destroy();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private onConnection(socket: Socket): void {
    if (this.closed) {
      socket.destroy();
      return;
    }
    if (!this.current) return this.serve(socket);
    if (this.waiting.length >= (this.opts.maxWaiting ?? 16)) {
      this.emit('warning', 'too many clients waiting: closing a new one');
      socket.destroy();
      return;
    }
    // Errors of a waiting client are reported when its turn comes.
    socket.on('error', () => {});
    this.waiting.push(socket);
  }

  private serve(socket: Socket): void {
    const c: Client = { socket, pending: new Set(), timer: undefined, batch: undefined };
    this.current = c;
    socket.on('data', (chunk: Buffer) => {
      if (this.current === c) this.emit('data', chunk);
    });
    socket.on('error', (err) => {
      // ECONNRESET/EPIPE: this client only; 'close' follows.
      if (this.current === c) this.emit('warning', `client error: ${err.message}`);
    });
    socket.on('end', () => {
      if (this.current !== c || this.listenerCount('eof') === 0) return void socket.destroy();
      // Half-closed: the owner says when its replies are out; end() then sends what is queued first.
      this.emit('eof', () => {
        if (!socket.destroyed) socket.end();
      });
    });
    socket.on('close', () => this.finish(c));
    this.emit('connect');
    socket.resume();
  }

  private finish(c: Client): void {
    if (this.current !== c) return;
    this.disarm(c);
    const err = new Error('client disconnected before the data was sent');
    for (const p of c.pending) p.reject(err);
    c.pending.clear();
    this.current = undefined;
    this.emit('hangup');
    if (this.closed) return;
    const next = this.waiting.shift();
    if (next) {
      next.removeAllListeners('error');
      this.serve(next);
    }
  }

  private drop(c: Client, reason: string, warn = true): void {
    if (warn) this.emit('warning', reason);
    const err = new Error(reason);
    for (const p of c.pending) p.reject(err);
    c.pending.clear();
    c.socket.destroy();
  }

  private armStallTimer(c: Client): void {
    const ms = this.opts.writeTimeoutMs ?? DEFAULT_WRITE_TIMEOUT_MS;
    if (ms <= 0) return;
    if (c.timer) c.timer.refresh(); // cheaper than a new timer on every write of a burst
    else c.timer = setTimeout(() => this.drop(c, 'write timed out: the client stopped reading; dropping it'), ms);
  }

  private disarm(c: Client): void {
    if (c.timer) clearTimeout(c.timer);
    c.timer = undefined;
  }
}

/**
 * What to do about a failed listen(). Node reports a missing directory as
 * EACCES, so the directory is looked at before blaming permissions, and root
 * is never told to run as root.
 */
export function listenHint(path: string, code: string | undefined, isRoot = process.getuid?.() === 0): string {
  if (code !== 'EACCES' && code !== 'ENOENT') return '';
  const dir = dirname(path);
  if (!existsSync(dir)) return `: the directory ${dir} does not exist: create it first (mkdir -p ${dir})`;
  return isRoot ? `: check the permissions and mount options of ${dir}` : `: check the permissions of ${dir} or run as root`;
}
