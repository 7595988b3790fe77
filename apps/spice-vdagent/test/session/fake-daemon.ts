/**
 * A scripted spice-vdagentd for the session agent's tests: listens on a
 * UNIX socket, says VERSION to every connection like the real one, keeps
 * what the agent sends per connection, and lets the test send anything
 * (including garbage) or hang up.
 */
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { UdscsDecoder, encodeUdscs } from '@ga/framing/udscs';
import { UDSCS, udscsName } from '@ga/framing/udscs-protocol';
import type { UdscsMessage } from '@ga/framing/udscs-protocol';

export interface AgentConnection {
  readonly socket: Socket;
  readonly received: UdscsMessage[];
  send(type: number, arg1?: number, arg2?: number, data?: Buffer): void;
  /** The next message of `type` not yet taken (earlier ones of other types stay). */
  next(type: number, timeoutMs?: number): Promise<UdscsMessage>;
  closed(): Promise<void>;
}

export class FakeDaemon {
  readonly connections: AgentConnection[] = [];
  private waiters: (() => void)[] = [];

  private constructor(private readonly server: Server) {}

  static listen(path: string): Promise<FakeDaemon> {
    return new Promise((resolve, reject) => {
      let d: FakeDaemon;
      const server = createServer((socket) => d.accept(socket));
      d = new FakeDaemon(server);
      server.once('error', reject);
      server.listen(path, () => resolve(d));
    });
  }

  /** The n-th connection (0-based), waiting for it. */
  async connection(n: number, timeoutMs = 15_000): Promise<AgentConnection> {
    const deadline = Date.now() + timeoutMs;
    while (this.connections.length <= n) {
      if (Date.now() > deadline) throw new Error(`no agent connection #${n + 1} within ${timeoutMs} ms`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, 50);
        this.waiters.push(() => (clearTimeout(t), r()));
      });
    }
    return this.connections[n]!;
  }

  close(): Promise<void> {
    for (const c of this.connections) c.socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    const received: UdscsMessage[] = [];
    const taken = new Set<UdscsMessage>();
    const decoder = new UdscsDecoder(256 * 1024 * 1024);
    let wake: (() => void) | undefined;
    socket.on('data', (chunk: Buffer) => {
      for (const ev of decoder.push(chunk)) if (ev.kind === 'message') received.push(ev.message);
      wake?.();
    });
    socket.on('error', () => undefined);
    const gone = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    const conn: AgentConnection = {
      socket,
      received,
      send: (type, arg1 = 0, arg2 = 0, data) => {
        if (!socket.destroyed) socket.write(encodeUdscs(type, arg1, arg2, data));
      },
      async next(type, timeoutMs = 15_000) {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const m = received.find((x) => x.type === type && !taken.has(x));
          if (m) {
            taken.add(m);
            return m;
          }
          const left = deadline - Date.now();
          if (left <= 0) throw new Error(`the agent sent no ${udscsName(type)} within ${timeoutMs} ms; it sent ${received.map((x) => udscsName(x.type)).join(', ')}`);
          await new Promise<void>((r) => {
            const t = setTimeout(r, Math.min(left, 200));
            wake = () => (clearTimeout(t), (wake = undefined), r());
          });
        }
      },
      closed: () => gone,
    };
    this.connections.push(conn);
    conn.send(UDSCS.VERSION, 0, 0, Buffer.from('0.22.1\0'));
    for (const w of this.waiters.splice(0)) w();
  }
}
