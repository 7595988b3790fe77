/**
 * The session-agent socket (`-S`, default /run/spice-vdagentd/spice-vdagent-sock):
 * a UNIX stream listener created with mode 0666 (umask 0111 around bind, as
 * the reference does) or adopted from systemd socket activation, and one
 * udscs connection per session agent, capped in number and message size.
 */
import { chmodSync, mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { dirname } from 'node:path';
import { UdscsDecoder, encodeUdscs } from '@ga/framing/udscs';
import type { UdscsMessage } from '@ga/framing/udscs-protocol';

/** One connected session agent. */
export interface SessionConnection {
  readonly id: number;
  /** The peer's pid/uid (SO_PEERCRED), when it could be read. */
  readonly peer: { pid: number; uid: number } | undefined;
  send(type: number, arg1?: number, arg2?: number, data?: Buffer): void;
  /** Drop the connection (the agent sees EOF). */
  destroy(): void;
}

export interface SessionConnectionHandlers {
  onMessage(msg: UdscsMessage): void;
  /** Called once; `reason` says why when the daemon or the decoder dropped it. */
  onClose(reason?: string): void;
}

export interface SessionServer {
  close(): Promise<void>;
}

/** Called per accepted connection; returns its handlers. */
export type AcceptSession = (conn: SessionConnection) => SessionConnectionHandlers;

export interface ListenOptions {
  path: string;
  /** A listening fd from systemd (LISTEN_FDS=1); the path is then left alone. */
  fd?: number;
  maxConnections: number;
  maxMessageSize: number;
  peerOf?: (socket: Socket) => { pid: number; uid: number } | undefined;
  onWarning?: (msg: string) => void;
}

export type ListenSessionSocket = (accept: AcceptSession) => Promise<SessionServer>;

export function sessionSocketListener(opts: ListenOptions): ListenSessionSocket {
  return async (accept) => {
    const sockets = new Set<Socket>();
    let nextId = 1;
    const server: Server = createServer({ allowHalfOpen: false }, (socket) => {
      if (sockets.size >= opts.maxConnections) {
        opts.onWarning?.(`too many session agents connected (${sockets.size}); refusing another`);
        socket.destroy();
        return;
      }
      sockets.add(socket);
      let peer: { pid: number; uid: number } | undefined;
      try {
        peer = opts.peerOf?.(socket);
      } catch (err) {
        opts.onWarning?.(`cannot read the session agent's credentials: ${(err as Error).message}`);
      }
      const decoder = new UdscsDecoder(opts.maxMessageSize);
      let reason: string | undefined;
      const conn: SessionConnection = {
        id: nextId++,
        peer,
        send(type, arg1 = 0, arg2 = 0, data) {
          if (!socket.destroyed) socket.write(encodeUdscs(type, arg1, arg2, data));
        },
        destroy() {
          socket.destroy();
        },
      };
      const handlers = accept(conn);
      socket.on('data', (chunk: Buffer) => {
        for (const ev of decoder.push(chunk)) {
          if (ev.kind === 'too-large') {
            reason = `message type ${ev.type} of ${ev.size} bytes exceeds ${opts.maxMessageSize}: disconnecting the agent`;
            socket.destroy();
            return;
          }
          if (socket.destroyed) return;
          handlers.onMessage(ev.message);
        }
      });
      socket.on('error', (err) => (reason ??= err.message));
      socket.on('close', () => {
        sockets.delete(socket);
        handlers.onClose(reason);
      });
    });
    server.maxConnections = opts.maxConnections + 1;
    if (opts.fd !== undefined) {
      await new Promise<void>((resolve, reject) => server.once('error', reject).listen({ fd: opts.fd }, resolve));
    } else {
      mkdirSync(dirname(opts.path), { recursive: true, mode: 0o755 });
      rmSync(opts.path, { force: true });
      // bind() happens inside listen(), synchronously: the umask is widened for that call only,
      // never across an await where other files could be created with it.
      let listening: Promise<void>;
      const old = process.umask(0o111);
      try {
        listening = new Promise<void>((resolve, reject) => server.once('error', reject).listen(opts.path, resolve));
      } finally {
        process.umask(old);
      }
      await listening;
      chmodSync(opts.path, 0o666);
    }
    return {
      close: () =>
        new Promise<void>((resolve) => {
          for (const s of sockets) s.destroy();
          server.close(() => resolve());
          if (opts.fd === undefined) rmSync(opts.path, { force: true });
        }),
    };
  };
}
