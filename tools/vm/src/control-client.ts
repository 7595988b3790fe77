import type { Socket } from 'node:net';

/** What a script run in the guest reported. */
export interface ExecResult {
  /** The script's exit status. */
  code: number;
  /** Its stdout and stderr, interleaved as written. */
  output: string;
}

interface Pending {
  id: number;
  resolve: (r: ExecResult) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

const HEADER = /^GA-RESULT (\d+) (\d+) (\d+)\n/;

/**
 * Host end of guest/control.sh's protocol on the "ga.control" port: requests
 * are "<id> <base64 script>\n"; replies are "GA-RESULT <id> <code> <len>\n"
 * plus <len> bytes. The guest runs requests one at a time, so replies come
 * in order.
 */
export class ControlClient {
  private buf = Buffer.alloc(0);
  private nextId = 1;
  private readonly queue: Pending[] = [];

  constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buf = Buffer.concat([this.buf, chunk]);
      this.drain();
    });
    socket.on('close', () => this.failAll(new Error('guest control port closed (the VM stopped?)')));
  }

  /** Run a shell script in the guest (as root, cwd /root) and wait for its report. */
  exec(script: string, timeoutMs = 60_000): Promise<ExecResult> {
    const id = this.nextId++;
    return new Promise<ExecResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`guest command ${id} gave no result in ${timeoutMs} ms (see the VM console): ${script.slice(0, 200)}`));
      }, timeoutMs);
      this.queue.push({ id, resolve, reject, timer });
      this.socket.write(`${id} ${Buffer.from(script).toString('base64')}\n`);
    });
  }

  /** Ask the guest's control loop to end: the guest then powers off. */
  shutdown(): void {
    this.socket.write('exit\n');
  }

  private drain(): void {
    for (;;) {
      const nl = this.buf.indexOf(0x0a);
      if (nl < 0) return;
      const m = HEADER.exec(this.buf.subarray(0, nl + 1).toString('latin1'));
      if (!m) {
        // Not a header: skip the line (nothing else writes to this port).
        this.buf = this.buf.subarray(nl + 1);
        continue;
      }
      const len = Number(m[3]);
      if (this.buf.length < nl + 1 + len) return;
      const output = this.buf.subarray(nl + 1, nl + 1 + len).toString('utf8');
      this.buf = this.buf.subarray(nl + 1 + len);
      const id = Number(m[1]);
      const idx = this.queue.findIndex((p) => p.id === id);
      if (idx < 0) continue; // timed out earlier
      const [p] = this.queue.splice(idx, 1);
      clearTimeout(p!.timer);
      p!.resolve({ code: Number(m[2]), output });
    }
  }

  private failAll(err: Error): void {
    for (const p of this.queue.splice(0)) {
      clearTimeout(p.timer);
      p.reject(err);
    }
  }
}
