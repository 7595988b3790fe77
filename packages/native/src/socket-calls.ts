/**
 * Raw libc socket calls Node lacks (AF_VSOCK, SO_PEERCRED, datagrams on
 * /dev/log), declared on the shared koffi handle: each returns the C result
 * (-1 and errno on failure) and has `.async` for libuv's threadpool.
 * Declarations are non-variadic so that blocking calls can go `.async` on
 * libuv's threadpool (koffi cannot call variadic functions asynchronously;
 * fcntl's third argument is passed as int, fine on x86-64/arm64).
 */
import { loadLibc } from './koffi-libc.js';

type Sync = (...args: unknown[]) => number;
type Fn = Sync & { async: (...args: unknown[]) => void };

export interface SocketCalls {
  socket: Fn;
  bind: Fn;
  listen: Fn;
  accept4: Fn;
  shutdown: Fn;
  close: Fn;
  fcntl: Fn;
  getsockname: Fn;
  poll: Fn;
  eventfd: Fn;
  errno: () => number;
  getsockopt: Fn;
  connect: Fn;
  send: Fn;
}

let cached: SocketCalls | undefined;

/** The socket calls, loading koffi now if needed. */
export function socketCalls(): SocketCalls {
  if (cached) return cached;
  const { koffi, lib: handle } = loadLibc();
  const lib = handle as unknown as { func: (decl: string) => Fn };
  cached = {
    socket: lib.func('int socket(int domain, int type, int protocol)'),
    bind: lib.func('int bind(int fd, void *addr, uint32_t len)'),
    listen: lib.func('int listen(int fd, int backlog)'),
    accept4: lib.func('int accept4(int fd, void *addr, void *len, int flags)'),
    shutdown: lib.func('int shutdown(int fd, int how)'),
    close: lib.func('int close(int fd)'),
    fcntl: lib.func('int fcntl(int fd, int cmd, int arg)'),
    getsockname: lib.func('int getsockname(int fd, void *addr, void *len)'),
    poll: lib.func('int poll(void *fds, uint64_t nfds, int timeout)'),
    eventfd: lib.func('int eventfd(unsigned int initval, int flags)'),
    errno: () => koffi.errno(),
    getsockopt: lib.func('int getsockopt(int fd, int level, int optname, void *optval, void *optlen)'),
    connect: lib.func('int connect(int fd, void *addr, uint32_t len)'),
    send: lib.func('long send(int fd, void *buf, uint64_t len, int flags)'),
  };
  return cached;
}
