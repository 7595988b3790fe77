import { createConnection, type Socket } from 'node:net';
import { once } from 'node:events';

/** A QMP event as QEMU sends it. */
export interface QmpEvent {
  event: string;
  data?: Record<string, unknown>;
  timestamp?: { seconds: number; microseconds: number };
}

/**
 * Minimal QMP client (QEMU's JSON monitor on a UNIX socket): reads the
 * greeting, negotiates `qmp_capabilities`, then runs one command at a time.
 * Events (e.g. VSERPORT_CHANGE when the guest opens/closes a virtio port)
 * are kept in `events`.
 */
export class QmpClient {
  readonly events: QmpEvent[] = [];
  private buf = '';
  private readonly waiters: Array<(msg: Record<string, unknown>) => void> = [];
  private chain: Promise<unknown> = Promise.resolve();

  private constructor(private readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (text: string) => {
      this.buf += text;
      let nl: number;
      while ((nl = this.buf.indexOf('\n')) >= 0) {
        const line = this.buf.slice(0, nl).trim();
        this.buf = this.buf.slice(nl + 1);
        if (line === '') continue;
        const msg = JSON.parse(line) as Record<string, unknown>;
        if (typeof msg.event === 'string') this.events.push(msg as unknown as QmpEvent);
        else this.waiters.shift()?.(msg);
      }
    });
    socket.on('error', () => {});
  }

  static async connect(path: string): Promise<QmpClient> {
    const socket = createConnection(path);
    await once(socket, 'connect');
    const client = new QmpClient(socket);
    await client.next(); // greeting {"QMP": {...}}
    await client.execute('qmp_capabilities');
    return client;
  }

  /** Run a QMP command; resolves to its `return`, rejects with QEMU's error `desc`. */
  execute(command: string, args?: Record<string, unknown>): Promise<unknown> {
    const run = async (): Promise<unknown> => {
      const reply = this.next();
      this.socket.write(`${JSON.stringify(args ? { execute: command, arguments: args } : { execute: command })}\n`);
      const msg = await reply;
      if ('error' in msg) {
        const e = msg.error as { class?: string; desc?: string };
        throw new Error(`QMP ${command} failed: ${e.class ?? ''} ${e.desc ?? JSON.stringify(e)}`);
      }
      return msg.return;
    };
    const result = this.chain.then(run, run);
    this.chain = result.catch(() => undefined);
    return result;
  }

  close(): void {
    this.socket.destroy();
  }

  private next(): Promise<Record<string, unknown>> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}
