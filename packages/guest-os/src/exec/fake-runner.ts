import type { CommandRunner, RunOptions, RunResult } from './run-command.js';

/** One recorded helper invocation (stdin copied as text). */
export interface RecordedRun {
  file: string;
  args: string[];
  argv0?: string;
  stdin?: string;
}

/**
 * A recording CommandRunner for tests of actions that must never run for real
 * here (shutdown, hwclock, chpasswd, suspend). `answer` decides each result;
 * returning 'ENOENT' simulates a program missing from PATH.
 */
export function fakeRunner(
  answer: (file: string, args: readonly string[]) => RunResult | 'ENOENT' = () => ({ exitCode: 0, signal: null }),
): CommandRunner & { calls: RecordedRun[] } {
  const calls: RecordedRun[] = [];
  const run = async (file: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> => {
    const rec: RecordedRun = { file, args: [...args] };
    if (options.argv0 !== undefined) rec.argv0 = options.argv0;
    if (options.stdin !== undefined) rec.stdin = options.stdin.toString('utf8');
    calls.push(rec);
    const a = answer(file, args);
    if (a === 'ENOENT') throw Object.assign(new Error(`spawn ${file} ENOENT`), { code: 'ENOENT', errno: -2 });
    return a;
  };
  return Object.assign(run, { calls });
}

/** Shorthand results. */
export const exit = (code: number): RunResult => ({ exitCode: code, signal: null });
export const killed = (signal: number): RunResult => ({ exitCode: null, signal });
