#!/usr/bin/env node
// Runs bench/session-clipboard.ts (our session agent next to Debian's): bundles it
// with esbuild into a temp folder (there is no TS runner in the repo) and runs it.
//   node bench/session-run.mjs      (in apps/spice-vdagent, after npm run build)
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'session-bench-'));
try {
  await build({
    entryPoints: [join(here, 'session-clipboard.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    outfile: join(out, 'session-clipboard.mjs'),
    logLevel: 'warning',
    banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
    // The bundle lives in /tmp: keep import.meta.url pointing at the source, so dist/ is found.
    define: { 'import.meta.url': JSON.stringify(new URL('session-clipboard.ts', import.meta.url).href) },
  });
  const r = spawnSync(process.execPath, [join(out, 'session-clipboard.mjs')], { stdio: 'inherit' });
  process.exitCode = r.status ?? 0;
} finally {
  rmSync(out, { recursive: true, force: true });
}
