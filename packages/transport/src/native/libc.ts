/**
 * libc socket calls Node lacks (AF_VSOCK), through koffi. koffi is loaded on
 * first use only, so importing a channel never loads a native module.
 * Declarations are non-variadic so that blocking calls can go `.async` on
 * libuv's threadpool (koffi cannot call variadic functions asynchronously;
 * fcntl's third argument is passed as int, fine on x86-64/arm64).
 */
import { createRequire } from 'node:module';
import { constants } from 'node:os';

type Sync = (...args: unknown[]) => number;
type Fn = Sync & { async: (...args: unknown[]) => void };

export interface Libc {
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
}

let cached: Libc | undefined;

/** The libc binding, loading koffi now if needed. */
export function libc(): Libc {
  if (cached) return cached;
  const koffi = createRequire(import.meta.url)('koffi') as {
    load: (name: string) => { func: (decl: string) => Fn };
    errno: () => number;
  };
  const lib = koffi.load('libc.so.6');
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
  };
  return cached;
}

/** errno number -> Node-style code ("EBUSY"), for messages and `err.code`. */
export function errnoName(errno: number): string {
  for (const [name, value] of Object.entries(constants.errno)) if (value === errno) return name;
  return `errno ${errno}`;
}

/** An Error for a failed libc call, with `code` and `errno` set like Node's. */
export function sysError(call: string, errno: number): Error & { code: string; errno: number } {
  const code = errnoName(errno);
  return Object.assign(new Error(`${call} failed: ${code}`), { code, errno });
}
