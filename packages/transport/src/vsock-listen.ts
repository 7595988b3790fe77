/**
 * vsock-listen (AF_VSOCK, qemu-ga `-m vsock-listen -p CID:PORT`): one client
 * at a time, like unix-listen; by default only the host (CID 2) may connect
 * (qemu-ga.md §7: any other CID is another VM or a process in this guest).
 *
 * libuv rejects AF_VSOCK fds (net.Socket: "Unsupported fd type: UNKNOWN"),
 * so the socket is driven through libc (native/listen-socket.ts): accept
 * waits in poll() on the threadpool; the connected fd is blocking and read
 * and written with fs.read/fs.write on the threadpool. shutdown() wakes both,
 * which is how a client is dropped and how close() ends them.
 */
import { read as fsRead } from 'node:fs';
import type { Channel, ChannelSpec } from './channel.js';
import { ChannelEmitter, channelError, errnoCode, sleep } from './channel-base.js';
import { FdWriter, type WriteFn } from './fd-writer.js';
import type { Accepted, ListenSocket } from './native/listen-socket.js';
import { DEFAULT_MAX_QUEUED_BYTES, DEFAULT_WRITE_TIMEOUT_MS, type ListenLimits } from './limits.js';
import { encodeSockaddrVm, sockaddrVmCid } from '@ga/native/sockaddr';
import { VMADDR_CID_HOST } from './spec.js';

type VsockSpec = Extract<ChannelSpec, { method: 'vsock-listen' }>;

export interface VsockListenOptions extends ListenLimits {
  /** Create the listener; default: AF_VSOCK socket bound to spec.cid:spec.port, or spec.fd adopted. */
  listen?: (spec: VsockSpec) => Promise<ListenSocket>;
  /** shutdown(fd, SHUT_RDWR); default through libc. */
  shutdown?: (fd: number) => void;
  closeFd?: (fd: number) => void;
  read?: (fd: number, buf: Buffer) => Promise<number>;
  write?: WriteFn;
}

/** The vsock peer rule: CID 2 only, unless `allowAnyCid`. */
export function vsockPeerAllowed(peer: Buffer, allowAnyCid = false): boolean {
  return allowAnyCid || sockaddrVmCid(peer) === VMADDR_CID_HOST;
}

const defaultRead = (fd: number, buf: Buffer): Promise<number> =>
  new Promise((resolve, reject) => {
    fsRead(fd, buf, 0, buf.length, null, (err, n) => (err ? reject(err) : resolve(n)));
  });

async function defaultListen(spec: VsockSpec): Promise<ListenSocket> {
  const { AF_VSOCK } = await import('@ga/native/sockaddr');
  const ls = await import('./native/listen-socket.js');
  try {
    return spec.fd !== undefined ? ls.adoptListener(spec.fd) : ls.listenOn(AF_VSOCK, encodeSockaddrVm(spec.cid, spec.port));
  } catch (err) {
    const code = errnoCode(err);
    const where = spec.fd !== undefined ? `inherited fd ${spec.fd}` : `vsock ${spec.cid}:${spec.port}`;
    const hint =
      code === 'EAFNOSUPPORT' || code === 'ENODEV'
        ? ': this kernel has no vsock transport (load vmw_vsock_virtio_transport and add a vhost-vsock device to the VM)'
        : code === 'EADDRINUSE'
          ? ': another process listens on this port; stop it or choose another port'
          : code === 'EADDRNOTAVAIL'
            ? `: CID ${spec.cid} is not this guest's; use ${0xffffffff} (any) or the guest's own CID`
            : '';
    throw channelError(`cannot listen on ${where}: ${(err as Error).message}${hint}`, code, err);
  }
}

export class VsockListenChannel extends ChannelEmitter implements Channel {
  readonly sessionAware = true;
  private listener: ListenSocket | undefined;
  private client: { fd: number; writer: FdWriter } | undefined;
  private closed = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private shutdownFd: (fd: number) => void = () => {};
  private closeFd: (fd: number) => void = () => {};

  constructor(
    readonly spec: VsockSpec,
    private readonly opts: VsockListenOptions = {},
  ) {
    super();
  }

  async open(): Promise<void> {
    if (this.closed) throw new Error('channel is closed: create a new one');
    if (this.listener) return;
    // Natives load here, never at import time.
    const { shutdownFd } = await import('./native/listen-socket.js');
    const { socketCalls: libc } = await import('@ga/native/socket-calls');
    this.shutdownFd = this.opts.shutdown ?? shutdownFd;
    this.closeFd = this.opts.closeFd ?? ((fd) => libc().close(fd));
    this.listener = await (this.opts.listen ?? defaultListen)(this.spec);
    this.loop = this.acceptLoop();
  }

  write(data: Buffer): Promise<void> {
    if (this.closed) return Promise.reject(new Error('channel is closed'));
    if (!this.client) return Promise.reject(new Error('no client connected: the reply cannot be delivered'));
    const w = this.client.writer;
    const max = this.opts.maxQueuedBytes ?? DEFAULT_MAX_QUEUED_BYTES;
    if (w.pendingBytes > 0 && w.pendingBytes + data.length > max) {
      const reason = `client not reading (${w.pendingBytes} bytes waiting): dropping it`;
      this.dropClient(reason);
      return Promise.reject(new Error(reason));
    }
    return w.push(data);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.listener?.cancel();
    this.wake?.();
    if (this.client) {
      this.client.writer.failAll(new Error('channel closed before the data was sent'));
      this.shutdownFd(this.client.fd);
    }
    await this.loop;
    this.listener?.close();
  }

  private async acceptLoop(): Promise<void> {
    const listener = this.listener!;
    let backoff = 100;
    while (!this.closed) {
      let conn: Accepted;
      try {
        conn = await listener.accept();
      } catch (err) {
        if (this.closed || errnoCode(err) === 'ECANCELED') return;
        // EMFILE, ENOMEM...: keep the listener, retry later instead of spinning.
        this.emit('warning', `accept failed: ${(err as Error).message}; retrying in ${backoff} ms`);
        const s = sleep(backoff);
        this.wake = s.cancel;
        await s.done;
        backoff = Math.min(backoff * 2, 5000);
        continue;
      }
      backoff = 100;
      if (this.closed) {
        this.closeFd(conn.fd);
        return;
      }
      if (!vsockPeerAllowed(conn.peer, this.spec.allowAnyCid)) {
        this.emit('warning', `refused vsock peer CID ${sockaddrVmCid(conn.peer) ?? '?'}: only the host (CID 2) may connect`);
        this.closeFd(conn.fd);
        continue;
      }
      await this.serve(conn.fd);
    }
  }

  private async serve(fd: number): Promise<void> {
    const writer = new FdWriter(fd, {
      write: this.opts.write,
      maxQueuedBytes: Infinity, // the limit is enforced in write(), which drops the client
      stallTimeoutMs: this.opts.writeTimeoutMs ?? DEFAULT_WRITE_TIMEOUT_MS,
      onStall: () => {
        this.emit('warning', 'client stopped reading: dropping it');
        writer.failAll(new Error('write timed out: the client stopped reading'));
        this.shutdownFd(fd);
      },
    });
    this.client = { fd, writer };
    this.emit('connect');
    const read = this.opts.read ?? defaultRead;
    const buf = Buffer.allocUnsafe(64 * 1024);
    for (;;) {
      let n: number;
      try {
        n = await read(fd, buf);
      } catch (err) {
        // ECONNRESET and friends end this client only.
        if (!this.closed) this.emit('warning', `client read failed: ${(err as Error).message}`);
        break;
      }
      if (n === 0) break;
      this.emit('data', Buffer.from(buf.subarray(0, n)));
    }
    writer.failAll(new Error('client disconnected before the data was sent'));
    this.shutdownFd(fd);
    await writer.idle();
    this.closeFd(fd);
    this.client = undefined;
    this.emit('hangup');
  }

  private dropClient(reason: string): void {
    if (!this.client) return;
    this.emit('warning', reason);
    this.client.writer.failAll(new Error(reason));
    this.shutdownFd(this.client.fd);
  }
}
