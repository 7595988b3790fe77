/**
 * End-to-end tests: start a bundled agent listening on a UNIX socket in a
 * fresh temporary directory (`--method unix-listen --path <socket>`, which
 * every agent here accepts), and stop it by pid.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitUntilListening } from './unix-listening.js';

export interface RunningAgent {
  socket: string;
  /** Everything the agent wrote to stderr so far. */
  stderr: () => string;
  /**
   * Resolves with stderr once it contains `text`; rejects with what it holds
   * after `timeoutMs`. Agents write log lines at the end of an event-loop
   * turn, after that turn's replies: a reply can arrive before its log line.
   */
  waitForStderr: (text: string, timeoutMs?: number) => Promise<string>;
  /** SIGTERM unless already gone; resolves the exit code (null when killed by a signal). */
  stop: () => Promise<number | null>;
}

export interface AgentBundle {
  /** Absolute path of the bundled agent (dist/<name>.mjs). */
  bundle: string;
  /** Where to build it, for the message when it is missing (e.g. `apps/ovirt-agent`). */
  packageDir: string;
  /** File name of the socket inside the temporary directory. */
  socketName: string;
}

/** Start `agent.bundle` on a unix-listen socket, with `extraArgs` after the channel options. */
export async function startListeningAgent(agent: AgentBundle, extraArgs: string[] = []): Promise<RunningAgent> {
  const { bundle } = agent;
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run "npm run build" in ${agent.packageDir} first`);
  const dir = mkdtempSync(join(tmpdir(), `${agent.packageDir.split('/').pop()}-e2e-`));
  const socket = join(dir, agent.socketName);
  const child = spawn(process.execPath, [bundle, '--method', 'unix-listen', '--path', socket, ...extraArgs], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const stderrEnded = new Promise((resolve) => child.stderr.once('close', resolve));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // Wait until the socket listens, not merely exists: the file appears at bind(), before listen().
  try {
    await waitUntilListening(socket, { gone: () => (child.exitCode !== null ? `the agent exited with ${child.exitCode}` : undefined) });
  } catch (e) {
    child.kill('SIGKILL');
    await stderrEnded; // all of what it said, even when it exited before its last lines were read
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`${(e as Error).message}; its stderr:\n${err}`);
  }
  return {
    socket,
    stderr: () => err,
    waitForStderr: async (text, timeoutMs = 5000) => {
      for (const deadline = Date.now() + timeoutMs; !err.includes(text); ) {
        if (Date.now() > deadline) throw new Error(`the agent's stderr has no "${text}" after ${timeoutMs} ms; it holds:\n${err}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return err;
    },
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      const code = await exited;
      rmSync(dir, { recursive: true, force: true });
      return code;
    },
  };
}

/** True while a process with this pid exists (signal 0 probes without sending anything). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
