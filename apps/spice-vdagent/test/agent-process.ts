/**
 * Start the bundled agent (dist/spice-vdagent.mjs) on a unix-listen socket in a
 * fresh temporary directory, and stop it by pid.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BUNDLE = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'spice-vdagent.mjs');

export interface RunningAgent {
  socket: string;
  stderr: () => string;
  stop: () => Promise<number | null>;
}

export async function startAgent(extraArgs: string[] = []): Promise<RunningAgent> {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run "npm run build" in apps/spice-vdagent first`);
  const dir = mkdtempSync(join(tmpdir(), 'spice-vdagent-e2e-'));
  const socket = join(dir, 'spice.sock');
  const child: ChildProcess = spawn(process.execPath, [BUNDLE, '--method', 'unix-listen', '--path', socket, ...extraArgs], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // Wait for the listening socket (bounded, so a broken build fails instead of hanging).
  for (let i = 0; i < 200 && !existsSync(socket); i++) {
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  if (!existsSync(socket)) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`the agent did not create ${socket}; its stderr:\n${err}`);
  }
  return {
    socket,
    stderr: () => err,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      const code = await exited;
      rmSync(dir, { recursive: true, force: true });
      return code;
    },
  };
}
