/**
 * Processes the end-to-end tests start (our daemon, Debian's spice-vdagent,
 * Xvfb, xclip), each stopped by its own pid; and the Debian-package check
 * that fails a test with the exact apt-get command instead of skipping it.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

export function requireProgram(path: string, pkg: string): void {
  if (!existsSync(path)) throw new Error(`${path} is missing: apt-get install -y --no-install-recommends ${pkg}`);
}

export interface Proc {
  readonly child: ChildProcess;
  output(): string;
  waitFor(text: string | RegExp, timeoutMs?: number, from?: number): Promise<string>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export function start(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; input?: string } = {}): Proc {
  const child = spawn(cmd, args, { env: { ...process.env, ...opts.env }, stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
  if (opts.input !== undefined) child.stdin!.end(opts.input);
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => out,
    async waitFor(text, timeoutMs = 10_000, from = 0) {
      const hit = () => (typeof text === 'string' ? out.indexOf(text, from) >= 0 : text.test(out.slice(from)));
      for (const deadline = Date.now() + timeoutMs; !hit(); ) {
        if (Date.now() > deadline) throw new Error(`${cmd} printed no ${String(text)} within ${timeoutMs} ms; it printed:\n${out}`);
        if (child.exitCode !== null) throw new Error(`${cmd} exited with ${child.exitCode} before printing ${String(text)}:\n${out}`);
        await new Promise((r) => setTimeout(r, 25));
      }
      return out;
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** A free X display number (no socket in /tmp/.X11-unix, no lock file). */
export function freeDisplay(): number {
  for (let n = 90; n < 200; n++) if (!existsSync(`/tmp/.X11-unix/X${n}`) && !existsSync(`/tmp/.X${n}-lock`)) return n;
  throw new Error('no free X display number between :90 and :199');
}

export async function startXvfb(): Promise<{ display: string; proc: Proc }> {
  requireProgram('/usr/bin/Xvfb', 'xvfb');
  const n = freeDisplay();
  const proc = start('/usr/bin/Xvfb', [`:${n}`, '-screen', '0', '1024x768x24', '-nolisten', 'tcp']);
  for (const deadline = Date.now() + 10_000; !existsSync(`/tmp/.X11-unix/X${n}`); ) {
    if (Date.now() > deadline || proc.child.exitCode !== null) throw new Error(`Xvfb :${n} did not start:\n${proc.output()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return { display: `:${n}`, proc };
}

/** Run a program to completion; stdout, or throws with its stderr. */
export function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): string {
  const r = spawnSync(cmd, args, { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 10_000 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/** Run a program to completion without blocking the event loop; stdout, or throws with its output. */
export async function runAsync(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 10_000): Promise<string> {
  const p = start(cmd, args, { env });
  const timer = setTimeout(() => p.child.kill('SIGKILL'), timeoutMs);
  let out = '';
  p.child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  const code = await new Promise<number | null>((resolve) => p.child.once('close', (c) => resolve(c)));
  clearTimeout(timer);
  if (code !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${code}): ${p.output()}`);
  return out;
}

/** Poll `probe` until it returns a value (not undefined). */
export async function eventually<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  let last: unknown;
  for (const deadline = Date.now() + timeoutMs; ; ) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
