/**
 * Test harness for the daemon core: a mock port (the host side reads and
 * writes bytes), the real session socket in a temporary directory, fake
 * session agents speaking udscs over it, and a recording pointer.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageQueue } from '@ga/host-kit/message-queue';
import type { InputEvent } from '@ga/guest-os/input/input-event';
import type { PointerDevice } from '@ga/guest-os/input/pointer';
import type { Sessions } from '@ga/guest-os/sessions/types';
import type { Log } from '@ga/log/log';
import { createMockPair } from '@ga/transport/mock';
import type { MockHost } from '@ga/transport/mock';
import { peerCredentials } from '@ga/transport/peer-credentials';
import { UdscsDecoder, encodeUdscs } from '@ga/framing/udscs';
import type { UdscsMessage } from '@ga/framing/udscs-protocol';
import { startDaemon } from './daemon.js';
import type { RunningDaemon } from './daemon.js';
import { sessionSocketListener } from './session-server.js';

export const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

const hexOf = (b: Buffer): string => (b.length > 64 ? `${b.subarray(0, 64).toString('hex')}…` : b.toString('hex'));

export function memoryLog(): Log & { lines: string[] } {
  const lines: string[] = [];
  const add = (level: string) => (m: string) => void lines.push(`${level}: ${m}`);
  return { lines, error: add('error'), warn: add('warn'), info: add('info'), debug: add('debug') };
}

export class FakeAgent {
  readonly queue = new MessageQueue<UdscsMessage>();
  closed: Promise<void>;
  private constructor(readonly socket: Socket) {
    const dec = new UdscsDecoder(1 << 30);
    socket.on('data', (c: Buffer) => {
      for (const ev of dec.push(c)) if (ev.kind === 'message') this.queue.push(ev.message);
    });
    this.closed = new Promise((r) => socket.once('close', () => {
      this.queue.close(new Error('daemon closed the session socket'));
      r();
    }));
  }

  /** A fake agent on a connected stream (e.g. a VM port that socat relays to the session socket). */
  static over(socket: Socket): FakeAgent {
    return new FakeAgent(socket);
  }

  static connect(path: string): Promise<FakeAgent> {
    return new Promise((resolve, reject) => {
      const s = createConnection(path);
      s.once('error', reject);
      s.once('connect', () => resolve(new FakeAgent(s)));
    });
  }

  send(type: number, arg1 = 0, arg2 = 0, data: Buffer = Buffer.alloc(0)): void {
    this.socket.write(encodeUdscs(type, arg1, arg2, data));
  }

  sendRaw(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  next(): Promise<UdscsMessage> {
    return this.queue.next(5000, 'udscs message from the daemon');
  }

  close(): void {
    this.socket.destroy();
  }
}

export interface Harness {
  host: MockHost;
  log: ReturnType<typeof memoryLog>;
  socket: string;
  daemon: RunningDaemon;
  /** Pointer sizes opened, and the event reports sent. */
  pointers: string[];
  reports: InputEvent[][];
  /** Exactly the next `n` bytes the daemon wrote to the port; rejects (with what did arrive) after `timeoutMs`. */
  hostBytes(n: number, timeoutMs?: number): Promise<Buffer>;
  /** Whatever the daemon wrote and nobody read yet, and forget it. */
  unread(): Buffer;
  agent(): Promise<FakeAgent>;
  stop(): Promise<void>;
}

export async function startHarness(
  opts: { sessions?: Sessions; maxHostMessageSize?: number; maxConnections?: number; maxMessageSize?: number; peerOf?: (s: Socket) => { pid: number; uid: number } | undefined } = {},
): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'vdagentd-'));
  const socket = join(dir, 'spice-vdagent-sock');
  const { agent: port, host } = createMockPair();
  const log = memoryLog();
  const pointers: string[] = [];
  const reports: InputEvent[][] = [];
  const agents: FakeAgent[] = [];
  const daemon = await startDaemon(port, {
    log,
    options: { debug: 2, onlyOnce: false, maxHostMessageSize: opts.maxHostMessageSize },
    sessions: opts.sessions,
    input: async (width, height): Promise<PointerDevice> => {
      pointers.push(`${width}x${height}`);
      return { width, height, send: async (e) => void reports.push([...e]), close: async () => undefined };
    },
    listenSessionSocket: sessionSocketListener({
      path: socket,
      maxConnections: opts.maxConnections ?? 8,
      maxMessageSize: opts.maxMessageSize ?? 1 << 24,
      peerOf: opts.peerOf ?? ((s) => peerCredentials(s)),
      onWarning: (m) => log.warn(m),
    }),
  });
  let left = Buffer.alloc(0);
  return {
    host,
    log,
    socket,
    daemon,
    pointers,
    reports,
    async hostBytes(n, timeoutMs = 5000) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the daemon wrote ${left.length + host.peek().length} of the ${n} bytes awaited within ${timeoutMs} ms: ${hexOf(Buffer.concat([left, host.peek()]))}`)), timeoutMs);
      });
      try {
        while (left.length < n) left = Buffer.concat([left, await Promise.race([host.next(), timeout])]);
      } finally {
        clearTimeout(timer);
      }
      const out = left.subarray(0, n);
      left = left.subarray(n);
      return out;
    },
    unread: () => {
      const out = Buffer.concat([left, host.read()]);
      left = Buffer.alloc(0);
      return out;
    },
    async agent() {
      const a = await FakeAgent.connect(socket);
      agents.push(a);
      return a;
    },
    async stop() {
      for (const a of agents) a.close();
      await daemon.stop();
      await port.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
