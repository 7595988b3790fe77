/**
 * systemd socket activation (sd_listen_fds(3)): LISTEN_PID must be this
 * process, LISTEN_FDS counts fds from 3. Like qemu-ga (qemu-ga.md §3.4),
 * exactly one fd is supported and its address family picks unix-listen or
 * vsock-listen; method/path options are then ignored.
 */
import type { ChannelSpec } from './channel.js';

/** The first passed fd (SD_LISTEN_FDS_START). */
export const SD_LISTEN_FDS_START = 3;

/**
 * The inherited listening fd, or undefined when not socket-activated (or
 * activated for another process). Throws when more than one fd was passed.
 * With `unset`, removes the variables so children do not inherit them.
 */
export function listenFdFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  pid: number = process.pid,
  unset = true,
): number | undefined {
  const fds = env.LISTEN_FDS;
  if (fds === undefined) return undefined;
  if (env.LISTEN_PID === undefined || Number(env.LISTEN_PID) !== pid) return undefined;
  if (unset) {
    delete env.LISTEN_FDS;
    delete env.LISTEN_PID;
    delete env.LISTEN_FDNAMES;
  }
  const n = Number(fds);
  if (!Number.isInteger(n) || n < 0) throw new Error(`bad LISTEN_FDS=${fds}: check the .socket unit`);
  if (n === 0) return undefined;
  if (n > 1) throw new Error(`socket activation passed ${n} sockets; exactly one is supported: keep one Listen*= line in the .socket unit`);
  return SD_LISTEN_FDS_START;
}

/**
 * The ChannelSpec for an inherited listening fd: its family (getsockname,
 * through koffi, loaded here only) selects unix-listen or vsock-listen.
 */
export async function activatedChannelSpec(fd: number, opts: { allowAnyCid?: boolean } = {}): Promise<ChannelSpec> {
  const [{ socketCalls: libc }, { sysError }] = await Promise.all([import('@ga/native/socket-calls'), import('@ga/native/errno')]);
  const { AF_UNIX, AF_VSOCK, sockaddrFamily, sockaddrUnPath, sockaddrVmCid, sockaddrVmPort } = await import('@ga/native/sockaddr');
  const c = libc();
  const addr = Buffer.alloc(128);
  const len = Buffer.alloc(4);
  len.writeUInt32LE(addr.length, 0);
  if (c.getsockname(fd, addr, len) < 0) {
    throw new Error(`socket activation: fd ${fd} is not a socket (${sysError('getsockname', c.errno()).message}): check the .socket unit`);
  }
  const family = sockaddrFamily(addr);
  if (family === AF_UNIX) return { method: 'unix-listen', path: sockaddrUnPath(addr, len.readUInt32LE(0)) ?? '', fd };
  if (family === AF_VSOCK) {
    const spec: ChannelSpec = { method: 'vsock-listen', cid: sockaddrVmCid(addr)!, port: sockaddrVmPort(addr)!, fd };
    return opts.allowAnyCid ? { ...spec, allowAnyCid: true } : spec;
  }
  throw new Error(`socket activation: fd ${fd} has address family ${family}; use ListenStream= with a unix path or vsock:CID:PORT`);
}
