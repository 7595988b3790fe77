import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Exit status and output of one run of a bundled CLI. */
export interface BundleRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Run `node <bundle> ...args` to completion (for end-to-end CLI tests).
 * @throws Error naming `buildHint` (e.g. `run "npm run build" in tools/x first`) when the bundle is missing.
 */
export function runBundle(bundle: string, args: string[], buildHint: string): Promise<BundleRun> {
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: ${buildHint}`);
  return new Promise((resolve) => {
    execFile(process.execPath, [bundle, ...args], (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }));
  });
}
