/**
 * Tests that must see a fresh process (its module cache, /proc/self/maps,
 * its signals, its locks): the probe source is bundled with esbuild (natives
 * external) into a temporary .mjs, run with node, and NODE_PATH pointing at
 * the workspace's node_modules so the natives still load from outside the repo.
 */
import { buildSync } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Bundle `contents` (imports resolved from `resolveDir`) into `<dir>/<name>.mjs`; returns its path. */
export function bundleProbe(contents: string, resolveDir: string, dir = mkdtempSync(join(tmpdir(), 'ga-probe-')), name = 'probe'): string {
  const out = buildSync({
    stdin: { contents, resolveDir, sourcefile: `${name}.ts`, loader: 'ts' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    write: false,
    external: ['koffi', '@serialport/bindings-cpp', 'x11'],
    logLevel: 'silent',
  });
  const file = join(dir, `${name}.mjs`);
  writeFileSync(file, out.outputFiles[0]!.contents);
  return file;
}

/** The environment that lets a probe outside the repo load the workspace's natives. */
export function probeEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const koffiMain = createRequire(import.meta.url).resolve('koffi');
  return { ...env, NODE_PATH: koffiMain.slice(0, koffiMain.lastIndexOf('/node_modules/') + '/node_modules'.length) };
}

/** Bundle and run `code` in a fresh node; its stdout parsed as JSON. */
export function runProbeJson(code: string, resolveDir: string): unknown {
  const dir = mkdtempSync(join(tmpdir(), 'ga-probe-'));
  try {
    return JSON.parse(execFileSync(process.execPath, [bundleProbe(code, resolveDir, dir)], { encoding: 'utf8', env: probeEnv() })) as unknown;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Probe source defining `koffiLoaded()`: whether the probe process has loaded koffi (module cache or mapped library). */
export const KOFFI_LOADED_PROBE = `
  import { readFileSync as __readFileSync } from 'node:fs';
  import { createRequire as __createRequire } from 'node:module';
  const koffiLoaded = () =>
    Object.keys(__createRequire(import.meta.url).cache).some((k) => k.includes('/koffi/')) ||
    __readFileSync('/proc/self/maps', 'utf8').includes('koffi');
`;
