/**
 * The listening end of the agent's port: QEMU's `-chardev socket,server=on`
 * as seen from a guest daemon started with `-s PATH` on a socket. One agent
 * connection at a time; `accept()` waits for the next one.
 */
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Socket } from 'node:net';
import type { AgentSocket } from '@ga/host-kit/agent-socket';
import { MessageQueue } from '@ga/host-kit/message-queue';
import type { SpiceHost } from './spice-host.js';

export interface SpiceHostListener {
  readonly path: string;
  /** The next agent connection, as a fresh host session. */
  accept(timeoutMs?: number): Promise<SpiceHost>;
  close(): Promise<void>;
}

interface Made {
  host: SpiceHost;
  handlers: { onData: (chunk: Buffer) => void; onEnd: (err: Error) => void; closedMessage: string };
  attach: (ch: AgentSocket) => void;
}

export function wrapSocket(socket: Socket, handlers: Made['handlers']): AgentSocket {
  const raw: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => {
    raw.push(chunk);
    handlers.onData(chunk);
  });
  socket.on('close', () => handlers.onEnd(new Error(handlers.closedMessage)));
  socket.on('error', (err) => handlers.onEnd(err));
  return {
    socket,
    raw,
    write: (data) => new Promise((res, rej) => socket.write(data, (err) => (err ? rej(err) : res()))),
    close: () =>
      new Promise((res) => {
        if (socket.destroyed) return res();
        socket.once('close', () => res());
        socket.end();
        socket.destroySoon();
      }),
  };
}

export async function listenAgentSocket(path: string, make: () => Made): Promise<SpiceHostListener> {
  const accepted = new MessageQueue<SpiceHost>();
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    const m = make();
    m.attach(wrapSocket(socket, m.handlers));
    accepted.push(m.host);
  });
  rmSync(path, { force: true });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(path, resolve));
  return {
    path,
    accept: (timeoutMs = 10_000) => accepted.next(timeoutMs, 'an agent connecting to the port socket'),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
