import { libcLoaded, loadLibc } from './koffi-libc.js';
import type { Koffi } from './koffi-libc.js';

/**
 * The libc calls Node has no API for, bound through koffi in this one place
 * (style-and-deps.md "Syscalls Node lacks"). koffi is loaded on the first
 * {@link libc} call, never at import, so an agent that needs none of these
 * calls never maps the native module.
 *
 * The ioctl declarations are non-variadic so they can run through koffi's
 * `.async` on a worker thread: FIFREEZE syncs the file system first and may
 * block for a long time, which must never happen on the event loop thread.
 */
export interface Libc {
  /** lseek(2); the new offset. */
  lseek(fd: number, offset: bigint, whence: number): bigint;
  /**
   * preadv2(2) at the current offset with RWF_NOWAIT: only what the page
   * cache already holds, never waiting for a disk or a server. Returns the
   * bytes read (0 at end of file); throws ErrnoError with EAGAIN when the
   * data is not cached and EOPNOTSUPP where the file system cannot say.
   */
  readNoWait(fd: number, buf: Buffer): number;
  /** ioctl(2) with an int argument, on a worker thread; resolves 0. */
  ioctlInt(fd: number, request: number, arg: number): Promise<number>;
  /** FITRIM; `range` is updated in place with the trimmed length. */
  ioctlTrim(fd: number, request: number, range: FstrimRange): Promise<number>;
  /** ioctl(2) whose argument is a struct the caller lays out in `arg` (read and written in place). */
  ioctlBuffer(fd: number, request: number, arg: Buffer): number;
  /** settimeofday(2) with no time zone. */
  settimeofday(sec: bigint, usec: bigint): void;
  /** gettimeofday(2) with no time zone. */
  gettimeofday(): { sec: bigint; usec: bigint };
  /** glibc's strerror text, e.g. "No such file or directory". */
  strerror(errno: number): string;
  /** pipe2(2) with O_CLOEXEC: [readFd, writeFd]. */
  pipeCloexec(): [number, number];
  /** getifaddrs(3) in list order, decoded (the list is freed before returning). */
  getifaddrs(): RawIfAddr[];
  /** socket(2). */
  socket(domain: number, type: number, protocol: number): number;
  /** close(2) of a descriptor Node does not own. */
  close(fd: number): void;
  /** sysconf(3). */
  sysconf(name: number): number;
  /**
   * posix_spawn(3): the child starts with every signal at its default
   * disposition and none blocked (as libuv's spawn does: the agent ignores
   * SIGPIPE, which would otherwise be inherited), `dup2` pairs applied in
   * order, and a new session when `setsid`. Returns the pid; throws
   * ErrnoError when the program could not be executed.
   */
  posixSpawn(path: string, argv: readonly string[], envp: readonly string[], opts: { dup2: readonly [number, number][]; setsid: boolean }): number;
  /** waitpid(pid, WNOHANG): the raw wait status once the child has exited (it is reaped then), else undefined. */
  waitpidNoHang(pid: number): number | undefined;
  /** lockf(3) on the whole file from the current offset when `len` is 0; F_TLOCK fails with EAGAIN/EACCES when held. */
  lockf(fd: number, cmd: number, len: bigint): void;
  /** Native memory for structs that hold pointers (the address goes into an ioctl argument). */
  alloc(size: number): NativeBytes;
  /** mallopt(3); false when glibc refused the value. */
  mallopt(param: number, value: number): boolean;
  /** malloc_trim(3): hand free heap memory back to the kernel; true when some was released. */
  mallocTrim(pad: number): boolean;
  /** _exit(2): end the process now, without exit handlers (see @ga/process/exit-now). */
  exitImmediately(status: number): never;
}

/** A block of native memory from {@link Libc.alloc}; free it exactly once. */
export interface NativeBytes {
  readonly address: bigint;
  /** A copy of the block's current bytes. */
  read(): Uint8Array;
  free(): void;
}

/** struct fstrim_range from linux/fs.h (three u64). */
export interface FstrimRange {
  start: bigint;
  len: bigint;
  minlen: bigint;
}

/** One getifaddrs(3) entry, decoded. */
export interface RawIfAddr {
  /** ifa_name; IPv4 entries carry the address label, so aliases read `eth0:1`. */
  name: string;
  /** ifa_flags (IFF_*). */
  flags: number;
  /** sa_family of ifa_addr (AF_INET 2, AF_INET6 10, AF_PACKET 17), or undefined without an address. */
  family?: number;
  /** Raw ifa_addr bytes (28 bytes of sockaddr storage, enough for sockaddr_in6). */
  addr?: Uint8Array;
  /** Raw ifa_netmask bytes, same layout. */
  netmask?: Uint8Array;
}

/** An Error carrying the positive errno of a failed libc call and the call's name. */
export class ErrnoError extends Error {
  constructor(
    readonly errno: number,
    readonly call: string,
  ) {
    super(`${call} failed with errno ${errno}`);
    this.name = 'ErrnoError';
  }
}

let cached: Libc | undefined;

/** Whether koffi is loaded already: for calls worth making only when they cost no new native mapping. */
export { libcLoaded };

/** The process-wide libc binding; loads koffi on the first call. */
export function libc(): Libc {
  cached ??= bind(loadLibc().koffi);
  return cached;
}

const O_CLOEXEC = 0o2000000;
/** linux/fs.h: fail with EAGAIN instead of blocking. */
const RWF_NOWAIT = 0x08;
const WNOHANG = 1;
/** <spawn.h> flags (glibc). */
const POSIX_SPAWN_SETSIGDEF = 0x04;
const POSIX_SPAWN_SETSIGMASK = 0x08;
const POSIX_SPAWN_SETSID = 0x80;
const SOCKADDR_BYTES = 28;

function bind(koffi: Koffi): Libc {
  const { lib } = loadLibc();
  const rangeType = koffi.struct({ start: 'uint64_t', len: 'uint64_t', minlen: 'uint64_t' });
  // `long` is 64-bit on the LP64 targets the agents ship for (x86-64, arm64).
  const timevalType = koffi.struct({ tv_sec: 'long', tv_usec: 'long' });
  const ifaddrsType = koffi.struct({
    ifa_next: 'void *',
    ifa_name: 'const char *',
    ifa_flags: 'uint',
    ifa_addr: 'void *',
    ifa_netmask: 'void *',
    ifa_ifu: 'void *',
    ifa_data: 'void *',
  });
  const sockBytes = koffi.array('uint8_t', SOCKADDR_BYTES);
  const lseekFn = lib.func('int64_t lseek(int fd, int64_t offset, int whence)');
  const iovecType = koffi.struct({ iov_base: 'void *', iov_len: 'size_t' });
  const preadv2Fn = lib.func('preadv2', 'long', ['int', koffi.pointer(iovecType), 'int', 'int64_t', 'int']);
  const ioctlIntFn = lib.func('int ioctl(int fd, unsigned long request, _Inout_ int *arg)');
  const ioctlTrimFn = lib.func('ioctl', 'int', ['int', 'unsigned long', koffi.inout(koffi.pointer(rangeType))]);
  const ioctlBufferFn = lib.func('int ioctl(int fd, unsigned long request, void *arg)');
  const settimeofdayFn = lib.func('settimeofday', 'int', [koffi.pointer(timevalType), 'void *']);
  const gettimeofdayFn = lib.func('gettimeofday', 'int', [koffi.out(koffi.pointer(timevalType)), 'void *']);
  const strerrorFn = lib.func('const char *strerror(int errnum)');
  const pipe2Fn = lib.func('int pipe2(_Out_ int *fds, int flags)');
  const getifaddrsFn = lib.func('int getifaddrs(_Out_ void **ifap)');
  const freeifaddrsFn = lib.func('void freeifaddrs(void *ifa)');
  const socketFn = lib.func('int socket(int domain, int type, int protocol)');
  const closeFn = lib.func('int close(int fd)');
  const sysconfFn = lib.func('long sysconf(int name)');
  const lockfFn = lib.func('int lockf(int fd, int cmd, int64_t len)');
  const malloptFn = lib.func('int mallopt(int param, int value)');
  const exitFn = lib.func('void _exit(int status)');
  const mallocTrimFn = lib.func('int malloc_trim(size_t pad)');
  const posixSpawnFn = lib.func('int posix_spawn(_Out_ int *pid, const char *path, void *actions, void *attr, const char **argv, const char **envp)');
  const faInitFn = lib.func('int posix_spawn_file_actions_init(void *actions)');
  const faDup2Fn = lib.func('int posix_spawn_file_actions_adddup2(void *actions, int fd, int newfd)');
  const faDestroyFn = lib.func('int posix_spawn_file_actions_destroy(void *actions)');
  const attrInitFn = lib.func('int posix_spawnattr_init(void *attr)');
  const attrFlagsFn = lib.func('int posix_spawnattr_setflags(void *attr, short flags)');
  const attrSigDefFn = lib.func('int posix_spawnattr_setsigdefault(void *attr, const void *set)');
  const attrSigMaskFn = lib.func('int posix_spawnattr_setsigmask(void *attr, const void *set)');
  const attrDestroyFn = lib.func('int posix_spawnattr_destroy(void *attr)');
  const sigFillFn = lib.func('int sigfillset(void *set)');
  const sigEmptyFn = lib.func('int sigemptyset(void *set)');
  const waitpidFn = lib.func('int waitpid(int pid, _Out_ int *status, int options)');

  const fail = (call: string): ErrnoError => new ErrnoError(koffi.errno(), call);
  const sockaddr = (p: unknown): Uint8Array => Uint8Array.from(koffi.decode(p, sockBytes) as ArrayLike<number>);
  const callAsync = (fn: { async: (...a: unknown[]) => unknown }, args: unknown[], name: string): Promise<number> =>
    new Promise((resolve, reject) => {
      fn.async(...args, (err: unknown, res: number) => {
        if (err) {
          reject(err instanceof Error ? err : new Error(String(err)));
          return;
        }
        if (res === -1) {
          reject(fail(name));
          return;
        }
        resolve(res);
      });
    });

  return {
    lseek(fd, offset, whence) {
      const res = BigInt(lseekFn(fd, offset, whence) as number | bigint);
      if (res < 0n) throw fail('lseek');
      return res;
    },
    readNoWait(fd, buf) {
      const res = preadv2Fn(fd, { iov_base: buf, iov_len: buf.length }, 1, -1n, RWF_NOWAIT) as number;
      if (res < 0) throw fail('preadv2');
      return res;
    },
    ioctlInt: (fd, request, arg) => callAsync(ioctlIntFn, [fd, request, [arg]], 'ioctl'),
    async ioctlTrim(fd, request, range) {
      const box = { start: range.start, len: range.len, minlen: range.minlen };
      const res = await callAsync(ioctlTrimFn, [fd, request, box], 'ioctl');
      range.start = BigInt(box.start);
      range.len = BigInt(box.len);
      range.minlen = BigInt(box.minlen);
      return res;
    },
    ioctlBuffer(fd, request, arg) {
      const res = ioctlBufferFn(fd, request, arg) as number;
      if (res === -1) throw fail('ioctl');
      return res;
    },
    settimeofday(sec, usec) {
      if (settimeofdayFn({ tv_sec: sec, tv_usec: usec }, null) !== 0) throw fail('settimeofday');
    },
    gettimeofday() {
      const tv = { tv_sec: 0n, tv_usec: 0n };
      if (gettimeofdayFn(tv, null) !== 0) throw fail('gettimeofday');
      return { sec: BigInt(tv.tv_sec), usec: BigInt(tv.tv_usec) };
    },
    strerror: (errno) => String(strerrorFn(errno)),
    posixSpawn(path, argv, envp, opts) {
      // Opaque glibc structs, sized generously (x86-64: 80, 336 and 128 bytes).
      const actions = Buffer.alloc(256);
      const attr = Buffer.alloc(1024);
      const all = Buffer.alloc(256);
      const none = Buffer.alloc(256);
      faInitFn(actions);
      attrInitFn(attr);
      try {
        for (const [fd, newfd] of opts.dup2) faDup2Fn(actions, fd, newfd);
        sigFillFn(all);
        sigEmptyFn(none);
        attrSigDefFn(attr, all);
        attrSigMaskFn(attr, none);
        attrFlagsFn(attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | (opts.setsid ? POSIX_SPAWN_SETSID : 0));
        const pid = [0];
        const rc = posixSpawnFn(pid, path, actions, attr, [...argv, null], [...envp, null]) as number;
        if (rc !== 0) throw new ErrnoError(rc, 'posix_spawn');
        return pid[0] as number;
      } finally {
        faDestroyFn(actions);
        attrDestroyFn(attr);
      }
    },
    waitpidNoHang(pid) {
      const status = [0];
      const rc = waitpidFn(pid, status, WNOHANG) as number;
      if (rc === 0) return undefined;
      if (rc < 0) throw fail('waitpid');
      return status[0] as number;
    },
    lockf(fd, cmd, len) {
      if (lockfFn(fd, cmd, len) !== 0) throw fail('lockf');
    },
    mallopt: (param, value) => malloptFn(param, value) === 1,
    mallocTrim: (pad) => mallocTrimFn(pad) === 1,
    exitImmediately(status) {
      exitFn(status);
      throw new Error('_exit returned');
    },
    pipeCloexec() {
      const fds = [-1, -1];
      if (pipe2Fn(fds, O_CLOEXEC) !== 0) throw fail('pipe2');
      return [fds[0] as number, fds[1] as number];
    },
    getifaddrs() {
      const out: unknown[] = [null];
      if (getifaddrsFn(out) !== 0) throw fail('getifaddrs');
      const list: RawIfAddr[] = [];
      try {
        for (let p = out[0]; p; ) {
          const e = koffi.decode(p, ifaddrsType) as {
            ifa_next: unknown;
            ifa_name: string;
            ifa_flags: number;
            ifa_addr: unknown;
            ifa_netmask: unknown;
          };
          const entry: RawIfAddr = { name: e.ifa_name, flags: e.ifa_flags };
          if (e.ifa_addr) {
            entry.addr = sockaddr(e.ifa_addr);
            entry.family = entry.addr[0]! | (entry.addr[1]! << 8);
          }
          if (e.ifa_netmask) entry.netmask = sockaddr(e.ifa_netmask);
          list.push(entry);
          p = e.ifa_next;
        }
      } finally {
        freeifaddrsFn(out[0]);
      }
      return list;
    },
    socket(domain, type, protocol) {
      const fd = socketFn(domain, type, protocol) as number;
      if (fd < 0) throw fail('socket');
      return fd;
    },
    close(fd) {
      closeFn(fd);
    },
    sysconf: (name) => Number(sysconfFn(name)),
    alloc(size) {
      const ptr = koffi.alloc('uint8_t', size);
      const type = koffi.array('uint8_t', size);
      return {
        address: BigInt(koffi.address(ptr)),
        read: () => Uint8Array.from(koffi.decode(ptr, type) as ArrayLike<number>),
        free: () => koffi.free(ptr),
      };
    },
  };
}
