import { createConnection } from 'node:net';
import type { Socket } from 'node:net';

/**
 * The byte pipe every host simulator plays its side on: the agent's chardev
 * UNIX socket (QEMU's `<channel type='unix'>`, or an agent in unix-listen
 * mode). Protocol decoding stays in each simulator.
 */
export interface AgentSocket {
  readonly socket: Socket;
  /** Every byte received, in order (for byte-exact assertions). */
  readonly raw: Buffer[];
  /** Write bytes as they are; resolves once they are handed to the kernel. */
  write(data: Buffer | string): Promise<void>;
  /** End the connection (for the agent: the host went away); resolves when closed. */
  close(): Promise<void>;
}

/** What a simulator hears from the pipe: each chunk, and the end (the error, or `closedMessage` as one). */
export interface AgentSocketHandlers {
  onData: (chunk: Buffer) => void;
  onEnd: (err: Error) => void;
  closedMessage: string;
}

/** An AgentSocket over a connected socket (connected to, or accepted by a listening simulator). */
export function wrapAgentSocket(socket: Socket, handlers: AgentSocketHandlers): AgentSocket {
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

/**
 * Connect to the agent's UNIX socket at `path`. `onData` sees each chunk
 * (already recorded in `raw`); `onEnd` is called once when the connection
 * closes or fails, with the error, or `closedMessage` as one.
 * @throws Error `cannot connect to <path>: …; start the agent …` when nothing listens.
 */
export function connectAgentSocket(
  path: string,
  handlers: AgentSocketHandlers,
): Promise<AgentSocket> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(path);
    const onError = (err: Error) =>
      reject(new Error(`cannot connect to ${path}: ${err.message}; start the agent (or QEMU) with a UNIX socket chardev at that path first`));
    socket.once('error', onError);
    socket.once('connect', () => {
      socket.removeListener('error', onError);
      resolve(wrapAgentSocket(socket, handlers));
    });
  });
}
