/**
 * A listening socket driven through libc, for address families libuv cannot
 * wrap (AF_VSOCK). accept() is not called blocking: a blocked accept on a
 * vsock listener is not woken by shutdown(), so close() could never stop it.
 * Instead poll([listener, eventfd]) runs on the threadpool (koffi `.async`)
 * and close() wakes it through the eventfd; the listener is non-blocking so
 * a connection that vanished between poll and accept gives EAGAIN, not a hang.
 */
import { writeSync } from 'node:fs';
import { sysError } from '@ga/native/errno';
import { socketCalls as libc } from '@ga/native/socket-calls';

const SOCK_STREAM = 1;
const SOCK_NONBLOCK = 0o4000;
const SOCK_CLOEXEC = 0o2000000;
const F_GETFL = 3;
const F_SETFL = 4;
const O_NONBLOCK = 0o4000;
const POLLIN = 0x1;
const SHUT_RDWR = 2;
const EFD_CLOEXEC = 0o2000000;

export interface Accepted {
  /** Blocking connected fd (accept4 never inherits O_NONBLOCK). */
  fd: number;
  /** The peer's sockaddr as the kernel filled it. */
  peer: Buffer;
}

/** What a listening channel needs from the OS; injectable for tests. */
export interface ListenSocket {
  readonly fd: number;
  /** Wait for and accept one connection; rejects with code 'ECANCELED' after cancel(). */
  accept(): Promise<Accepted>;
  /** Wake a pending accept() (it rejects) and refuse further ones. */
  cancel(): void;
  /** Close the listener (after cancel()). */
  close(): void;
}

/** shutdown(SHUT_RDWR): wakes a read or write blocked on `fd` in another thread. */
export function shutdownFd(fd: number): void {
  libc().shutdown(fd, SHUT_RDWR);
}

/** Create, bind and listen (backlog 1, as qemu-ga) on `addr` of `family`. */
export function listenOn(family: number, addr: Buffer): ListenSocket {
  const c = libc();
  const fd = c.socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) throw sysError('socket', c.errno());
  if (c.bind(fd, addr, addr.length) < 0 || c.listen(fd, 1) < 0) {
    const err = sysError('bind/listen', c.errno());
    c.close(fd);
    throw err;
  }
  return adoptListener(fd);
}

/** Use an inherited listening fd (socket activation); it is made non-blocking. */
export function adoptListener(fd: number): ListenSocket {
  const c = libc();
  const flags = c.fcntl(fd, F_GETFL, 0);
  if (flags < 0 || c.fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) throw sysError(`fcntl(fd ${fd})`, c.errno());
  const wake = c.eventfd(0, EFD_CLOEXEC);
  if (wake < 0) throw sysError('eventfd', c.errno());
  let cancelled = false;
  let closed = false;

  const pollReadable = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const fds = Buffer.alloc(16);
      fds.writeInt32LE(fd, 0);
      fds.writeInt16LE(POLLIN, 4);
      fds.writeInt32LE(wake, 8);
      fds.writeInt16LE(POLLIN, 12);
      c.poll.async(fds, 2, -1, (err: unknown, n: number) => {
        if (err) return reject(err);
        if (n < 0) return resolve(); // EINTR and friends: the caller retries accept, gets EAGAIN, polls again
        resolve();
      });
    });

  return {
    fd,
    async accept(): Promise<Accepted> {
      for (;;) {
        if (cancelled) throw Object.assign(new Error('listener closed'), { code: 'ECANCELED' });
        await pollReadable();
        if (cancelled) throw Object.assign(new Error('listener closed'), { code: 'ECANCELED' });
        const peer = Buffer.alloc(128);
        const len = Buffer.alloc(4);
        len.writeUInt32LE(peer.length, 0);
        const conn = c.accept4(fd, peer, len, SOCK_CLOEXEC);
        if (conn >= 0) return { fd: conn, peer: peer.subarray(0, len.readUInt32LE(0)) };
        const errno = c.errno();
        // EAGAIN: the client left between poll and accept; ECONNABORTED likewise.
        if (errno !== 11 && errno !== 103 && errno !== 4) throw sysError('accept', errno);
      }
    },
    cancel(): void {
      if (cancelled) return;
      cancelled = true;
      const one = Buffer.alloc(8);
      one.writeBigUInt64LE(1n, 0);
      writeSync(wake, one);
    },
    close(): void {
      if (closed) return;
      closed = true;
      c.close(fd);
      c.close(wake);
    },
  };
}
