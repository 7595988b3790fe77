/**
 * Who is on the other end of a connected UNIX socket (SO_PEERCRED): the
 * kernel's record of the peer's pid/uid/gid at connect() time, which the
 * peer cannot forge. The SPICE daemon uses it to match a session agent to
 * its logind session. Node has no API for it, so it goes through koffi
 * (loaded on the first call only, like every native here).
 */
import type { Socket } from 'node:net';
import { sysError } from '@ga/native/errno';
import { socketCalls as libc } from '@ga/native/socket-calls';

// <asm-generic/socket.h>; x86-64 and arm64 share these values.
const SOL_SOCKET = 1;
const SO_PEERCRED = 17;
/** struct ucred { pid_t pid; uid_t uid; gid_t gid; } */
const UCRED_SIZE = 12;

export interface PeerCredentials {
  readonly pid: number;
  readonly uid: number;
  readonly gid: number;
}

/** The file descriptor under a net.Socket, if it has one (not a TLS/duplex wrapper, not yet closed). */
function socketFd(socket: Socket): number | undefined {
  const fd = (socket as unknown as { _handle?: { fd?: unknown } })._handle?.fd;
  return typeof fd === 'number' && fd >= 0 ? fd : undefined;
}

/**
 * The credentials of the process that connected `socket` (an accepted or
 * connected AF_UNIX stream socket). Throws when the socket has no fd (closed,
 * or not backed by a file descriptor) or is not a UNIX socket.
 */
export function peerCredentials(socket: Socket): PeerCredentials {
  const fd = socketFd(socket);
  if (fd === undefined) {
    throw new Error('peerCredentials: the socket has no file descriptor (closed, or not a UNIX socket connection)');
  }
  const c = libc();
  const cred = Buffer.alloc(UCRED_SIZE);
  const len = Buffer.alloc(4);
  len.writeUInt32LE(UCRED_SIZE);
  if (c.getsockopt(fd, SOL_SOCKET, SO_PEERCRED, cred, len) < 0) {
    throw sysError('getsockopt(SO_PEERCRED)', c.errno());
  }
  if (len.readUInt32LE() !== UCRED_SIZE) {
    throw new Error(`peerCredentials: getsockopt(SO_PEERCRED) returned ${len.readUInt32LE()} bytes, expected ${UCRED_SIZE}`);
  }
  // Native byte order: every Linux target we ship for is little-endian.
  return { pid: cred.readInt32LE(0), uid: cred.readUInt32LE(4), gid: cred.readUInt32LE(8) };
}
