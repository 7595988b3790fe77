/**
 * e2e helpers: spawn the built bundle on a temporary unix-listen socket and
 * statedir (as QEMU's tests/unit/test-qga.c does) and talk raw bytes to it.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitUntilListening } from '@ga/host-kit/unix-listening';

/** Jest's limit per e2e test: generous, since agents start slowly on a loaded 2-core machine (not a speed assertion). */
export const E2E_TIMEOUT_MS = 60_000;

export const BUNDLE = fileURLToPath(new URL('../../dist/qemu-ga.mjs', import.meta.url));

export function requireBundle(): void {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run "npm run build" in apps/qemu-ga first`);
}

/** Run the bundle to completion (for -h, -V, -D, -b help and startup errors). */
export function runOnce(args: string[], env: NodeJS.ProcessEnv = {}): { code: number | null; stdout: string; stderr: string } {
  requireBundle();
  const r = spawnSync(process.execPath, [BUNDLE, ...args], { env: { ...process.env, QGA_CONF: '/nonexistent/qemu-ga.conf', ...env }, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export interface Agent {
  readonly dir: string;
  readonly sock: string;
  readonly stateDir: string;
  readonly proc: ChildProcess;
  stderr(): string;
  connect(): Promise<Client>;
  /** SIGTERM and wait for the exit code. */
  stop(): Promise<number | null>;
  cleanup(): void;
}

export async function startAgent(extra: string[] = [], prepare?: (stateDir: string) => void, env: NodeJS.ProcessEnv = {}): Promise<Agent> {
  requireBundle();
  const dir = mkdtempSync(join(tmpdir(), 'qga-e2e-'));
  const sock = join(dir, 'qga.sock');
  const stateDir = join(dir, 'state');
  spawnSync('mkdir', ['-p', stateDir]);
  prepare?.(stateDir);
  const proc = spawn(process.execPath, [BUNDLE, '-m', 'unix-listen', '-p', sock, '-t', stateDir, ...extra], {
    env: { ...process.env, QGA_CONF: '/nonexistent/qemu-ga.conf', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  // Readiness = the socket listens (the file alone appears at bind(), before listen()).
  let gone = false;
  void exited.then(() => (gone = true));
  await waitUntilListening(sock, { gone: () => (gone ? `the agent exited with ${proc.exitCode}; its stderr:\n${err}` : undefined) });
  return {
    dir,
    sock,
    stateDir,
    proc,
    stderr: () => err,
    connect: () => connectClient(sock),
    async stop() {
      proc.kill('SIGTERM');
      return exited;
    },
    cleanup() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Client {
  send(data: string | Buffer): void;
  /** Resolve with the raw bytes once `lines` newline-terminated replies arrived. */
  readLines(lines: number): Promise<Buffer>;
  /** Send and read the replies as text lines. */
  request(data: string | Buffer, lines?: number): Promise<string[]>;
  close(): Promise<void>;
  readonly socket: Socket;
}

async function connectClient(path: string): Promise<Client> {
  // The socket file appears at bind(), a moment before listen(): retry a refused connect.
  for (let attempt = 0; ; attempt++) {
    try {
      return await connectOnce(path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ECONNREFUSED' || attempt >= 100) throw e;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

function connectOnce(path: string): Promise<Client> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(path);
    let buf = Buffer.alloc(0);
    let waiter: { lines: number; resolve: (b: Buffer) => void } | undefined;
    const check = () => {
      if (!waiter) return;
      let n = 0;
      let end = -1;
      for (let i = 0; i < buf.length && n < waiter.lines; i++) if (buf[i] === 0x0a) (n++, (end = i));
      if (n === waiter.lines) {
        const out = buf.subarray(0, end + 1);
        buf = buf.subarray(end + 1);
        const w = waiter;
        waiter = undefined;
        w.resolve(Buffer.from(out));
      }
    };
    socket.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      check();
    });
    socket.on('error', reject);
    socket.on('connect', () => {
      const client: Client = {
        socket,
        send: (data) => void socket.write(data),
        readLines: (lines) =>
          new Promise((res) => {
            waiter = { lines, resolve: res };
            check();
          }),
        async request(data, lines = 1) {
          const p = client.readLines(lines);
          client.send(data);
          return (await p).toString('latin1').split('\n').slice(0, lines);
        },
        close: () => new Promise((res) => socket.end(() => res())),
      };
      resolve(client);
    });
  });
}
