/**
 * xclip as "another X client" in the guest session, binary-safe: owning a
 * selection with some bytes under a target (stopped by its pid), and
 * reading a selection without blocking the test's event loop (the host
 * simulator in this process must keep answering the agent meanwhile).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';

export type SelectionName = 'clipboard' | 'primary';

export interface Owner {
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

export function xclipOwn(display: string, selection: SelectionName, data: Buffer, target = 'UTF8_STRING'): Owner {
  // -quiet keeps xclip in the foreground serving the selection until another client takes it.
  const child = spawn('/usr/bin/xclip', ['-quiet', '-selection', selection, '-t', target, '-i'], { env: { ...process.env, DISPLAY: display }, stdio: ['pipe', 'ignore', 'ignore'] });
  child.stdin!.on('error', () => undefined);
  child.stdin!.end(data);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The selection's bytes under `target`; rejects when xclip fails (nothing there, refused). */
export function xclipRead(display: string, selection: SelectionName, target = 'UTF8_STRING', timeoutMs = 15_000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/xclip', ['-selection', selection, '-t', target, '-o'], { env: { ...process.env, DISPLAY: display }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout!.on('data', (c: Buffer) => out.push(c));
    child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(Buffer.concat(out));
      else reject(new Error(`xclip -o -selection ${selection} -t ${target} failed (${code}): ${err}`));
    });
  });
}
