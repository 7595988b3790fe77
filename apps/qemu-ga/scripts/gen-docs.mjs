#!/usr/bin/env node
// Regenerates docs/commands.md from the TypeScript schema and option table.
// The renderer is TypeScript, so it is bundled in memory with esbuild first.
import { build } from 'esbuild';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

const app = join(dirname(fileURLToPath(import.meta.url)), '..');
const tmp = mkdtempSync(join(tmpdir(), 'qga-docs-'));
try {
  const out = join(tmp, 'render.mjs');
  await build({ entryPoints: [join(app, 'src/docs/render.ts')], bundle: true, platform: 'node', format: 'esm', outfile: out, logLevel: 'warning', external: ['koffi', '@serialport/bindings-cpp'], banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" } });
  const { renderCommandsDoc } = await import(pathToFileURL(out).href);
  const target = join(app, 'docs/commands.md');
  writeFileSync(target, renderCommandsDoc());
  console.log(`wrote ${target}`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
