/** Starting an installed agent on a UNIX socket and reading its first answer. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection } from 'node:net';
import { waitUntilListening } from '@ga/host-kit/unix-listening';

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await gone;
  clearTimeout(timer);
}

export interface Exchange {
  /** Written once connected (may be empty). */
  send: Buffer | string;
  /** True once `got` holds a complete first answer. */
  done: (got: Buffer) => boolean;
}

/**
 * Spawns `launcher args` (it listens on `socket`), connects, sends, and
 * resolves the bytes received once `done`; the agent is stopped in any case.
 */
export async function firstAnswer(launcher: string, args: string[], socket: string, ex: Exchange): Promise<{ got: Buffer; ms: number; stderr: string }> {
  const t0 = process.hrtime.bigint();
  const child = spawn(launcher, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout!.resume();
  try {
    await waitUntilListening(socket, { timeoutMs: 20_000, gone: () => (child.exitCode !== null ? `the agent exited with ${child.exitCode}: ${stderr}` : undefined) });
    const got = await new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      const s = createConnection(socket);
      const timer = setTimeout(() => { s.destroy(); reject(new Error(`no complete answer in 20 s; got ${JSON.stringify(Buffer.concat(chunks).toString('latin1'))}; stderr: ${stderr}`)); }, 20_000);
      s.on('connect', () => { if (ex.send.length > 0) s.write(ex.send); });
      s.on('data', (d: Buffer) => {
        chunks.push(d);
        const all = Buffer.concat(chunks);
        if (ex.done(all)) { clearTimeout(timer); s.destroy(); resolve(all); }
      });
      s.on('error', (e) => { clearTimeout(timer); reject(e); });
    });
    return { got, ms: Number(process.hrtime.bigint() - t0) / 1e6, stderr };
  } finally {
    await stop(child);
  }
}
