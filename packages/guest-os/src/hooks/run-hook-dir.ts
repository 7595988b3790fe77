/**
 * Runs every entry of a hook directory in name order, one after another,
 * each with its own timeout (killed with SIGKILL when it overruns) and its
 * output captured up to a limit — the oVirt agent's lifecycle hooks
 * (hooks.d/<event>/). qemu-ga's single fsfreeze hook is the one-entry case
 * with an argument and a required exit status 0.
 */
import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

export interface HookResult {
  name: string;
  path: string;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** Set when the entry could not be started (not executable, ...). */
  error?: string;
  /** stdout and stderr interleaved, cut at `maxOutputBytes`. */
  output: string;
}

export interface HookDirResult {
  /** The directory did not exist (or was not readable): nothing ran. */
  missing: boolean;
  results: HookResult[];
}

export interface HookDirOptions {
  args?: readonly string[];
  /** Per hook, ms. Default 5000. */
  timeoutMs?: number;
  /** Whole run, ms: hooks not started by then are skipped. Default: no limit. */
  budgetMs?: number;
  maxOutputBytes?: number;
  env?: NodeJS.ProcessEnv;
}

function runOne(path: string, name: string, o: Required<Omit<HookDirOptions, 'budgetMs' | 'env'>> & { env?: NodeJS.ProcessEnv }, timeoutMs: number): Promise<HookResult> {
  return new Promise((resolve) => {
    let output = '';
    let timedOut = false;
    const child = spawn(path, [...o.args], { stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: o.env });
    const take = (c: Buffer): void => {
      if (output.length < o.maxOutputBytes) output += c.toString('utf8').slice(0, o.maxOutputBytes - output.length);
    };
    child.stdout!.on('data', take);
    child.stderr!.on('data', take);
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        // The hook runs in its own process group: take its children down too.
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMs);
    child.once('error', (err) => {
      clearTimeout(timer);
      resolve({ name, path, exitCode: null, signal: null, timedOut: false, error: err.message, output });
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ name, path, exitCode: code, signal, timedOut, output });
    });
  });
}

export async function runHookDir(dir: string, options: HookDirOptions = {}): Promise<HookDirResult> {
  const o = { args: options.args ?? [], timeoutMs: options.timeoutMs ?? 5000, maxOutputBytes: options.maxOutputBytes ?? 4096, env: options.env };
  let names: string[];
  try {
    names = (await readdir(dir)).sort();
  } catch {
    return { missing: true, results: [] };
  }
  const deadline = options.budgetMs === undefined ? Infinity : Date.now() + options.budgetMs;
  const results: HookResult[] = [];
  for (const name of names) {
    const left = deadline - Date.now();
    if (left <= 0) {
      results.push({ name, path: join(dir, name), exitCode: null, signal: null, timedOut: true, error: 'not started: the hook budget is used up', output: '' });
      continue;
    }
    results.push(await runOne(join(dir, name), name, o, Math.min(o.timeoutMs, left)));
  }
  return { missing: false, results };
}
