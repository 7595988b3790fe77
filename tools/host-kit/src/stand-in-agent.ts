import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A listening stand-in for the agent, for host simulator tests. */
export interface StandInAgent {
  /** The UNIX socket path the host connects to. */
  path: string;
  /** The host's connection, once it connected. */
  peer: Promise<Socket>;
  /** Everything the host wrote so far. */
  written(): Buffer;
  /** Close connections and the server and remove the socket's folder. */
  stop(): Promise<void>;
}

/**
 * Listen on a fresh UNIX socket in a temporary folder named `<prefix>…`,
 * recording what each connecting host writes; `onConnect` may answer (echo,
 * send a greeting) like the real agent would.
 */
export async function startStandInAgent(prefix: string, onConnect?: (peer: Socket) => void): Promise<StandInAgent> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const path = join(dir, 'agent.sock');
  const chunks: Buffer[] = [];
  const sockets: Socket[] = [];
  let resolvePeer!: (s: Socket) => void;
  const peer = new Promise<Socket>((r) => (resolvePeer = r));
  const server: Server = createServer((s) => {
    sockets.push(s);
    s.on('data', (c: Buffer) => chunks.push(c));
    // A host CLI that exits with our greeting unread resets the connection; that is no test failure.
    s.on('error', () => {});
    onConnect?.(s);
    resolvePeer(s);
  });
  await new Promise<void>((r) => server.listen(path, r));
  return {
    path,
    peer,
    written: () => Buffer.concat(chunks),
    async stop() {
      for (const s of sockets.splice(0)) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
