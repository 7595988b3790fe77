/**
 * The listening end of the agent's port: QEMU's `-chardev socket,server=on`
 * as seen from a guest daemon started with `-s PATH` on a socket. One agent
 * connection at a time; `accept()` waits for the next one.
 */
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Socket } from 'node:net';
import { wrapAgentSocket } from '@ga/host-kit/agent-socket';
import type { AgentSocket, AgentSocketHandlers } from '@ga/host-kit/agent-socket';
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
  handlers: AgentSocketHandlers;
  attach: (ch: AgentSocket) => void;
}

export async function listenAgentSocket(path: string, make: () => Made): Promise<SpiceHostListener> {
  const accepted = new MessageQueue<SpiceHost>();
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    const m = make();
    m.attach(wrapAgentSocket(socket, m.handlers));
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
