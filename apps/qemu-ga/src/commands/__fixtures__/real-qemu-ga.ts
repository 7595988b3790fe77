import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { waitUntilListening } from '@ga/host-kit/unix-listening';

export const QEMU_GA = '/usr/sbin/qemu-ga';

/** Fails (never skips) when the reference agent is missing, with the install command. */
export function requireQemuGa(): void {
  if (!existsSync(QEMU_GA)) {
    throw new Error(`${QEMU_GA} not found: apt-get install -y qemu-guest-agent`);
  }
  if (process.getuid?.() !== 0) throw new Error('comparing with qemu-ga needs root: run the tests as root');
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The real qemu-ga in unix-listen mode (optionally under `ip netns exec <ns>`), one client connection. */
export class RealQemuGa {
  private buf = '';
  private waiters: ((line: string) => void)[] = [];
  private lines: string[] = [];

  private constructor(
    private readonly proc: ChildProcess,
    private readonly sock: net.Socket,
    private readonly dir: string,
  ) {
    sock.setEncoding('latin1');
    sock.on('data', (d: string) => {
      this.buf += d;
      for (let i = this.buf.indexOf('\n'); i >= 0; i = this.buf.indexOf('\n')) {
        const line = this.buf.slice(0, i);
        this.buf = this.buf.slice(i + 1);
        const w = this.waiters.shift();
        if (w) w(line);
        else this.lines.push(line);
      }
    });
  }

  static async start(netns?: string, env?: NodeJS.ProcessEnv): Promise<RealQemuGa> {
    requireQemuGa();
    const dir = await mkdtemp(path.join(tmpdir(), 'ga-ref-qemu-ga-'));
    const sockPath = path.join(dir, 'qga.sock');
    const args = ['-m', 'unix-listen', '-p', sockPath, '-t', dir, '-l', path.join(dir, 'log')];
    const opts = { env: env ?? process.env };
    const proc = netns ? spawn('ip', ['netns', 'exec', netns, QEMU_GA, ...args], opts) : spawn(QEMU_GA, args, opts);
    // In a netns, the socket shows in that namespace's list: read it through the pid (ip execs qemu-ga).
    await waitUntilListening(sockPath, { pid: proc.pid, gone: () => (proc.exitCode !== null ? `qemu-ga exited with ${proc.exitCode}` : undefined) }).catch((e: Error) => {
      proc.kill();
      throw new Error(`${e.message}; see ${dir}/log`);
    });
    const sock = net.createConnection(sockPath);
    await new Promise<void>((resolve, reject) => sock.once('connect', resolve).once('error', reject));
    return new RealQemuGa(proc, sock, dir);
  }

  /** Sends one request object and returns the reply line as sent (without the newline). */
  async askRaw(request: unknown): Promise<string> {
    const line = new Promise<string>((resolve) => {
      const ready = this.lines.shift();
      if (ready !== undefined) resolve(ready);
      else this.waiters.push(resolve);
    });
    this.sock.write(JSON.stringify(request));
    return line;
  }

  /** Sends one request object and returns the parsed reply (numbers beyond 2^53 lose precision). */
  async ask(request: unknown): Promise<{ return?: unknown; error?: { class: string; desc: string } }> {
    return JSON.parse(await this.askRaw(request)) as { return?: unknown; error?: { class: string; desc: string } };
  }

  async stop(): Promise<void> {
    // SIGTERM while qemu-ga idles with the client still connected. Closing the
    // client first makes qemu-ga re-arm its listen watch, and a SIGTERM landing
    // then deadlocks it: 7.2's handler calls g_main_loop_quit, which waits for the
    // GMainContext lock the interrupted g_source_attach holds (seen in gdb).
    const exited = new Promise((r) => this.proc.once('exit', r));
    this.sock.on('error', () => {}); // its end of the connection goes with it
    this.proc.kill('SIGTERM');
    await exited;
    this.sock.destroy();
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** What a reply looks like on the wire, for comparison: bigints become JSON numbers. */
export function asWire(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)));
}
