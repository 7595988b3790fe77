/**
 * Test helper: bundle a small ESM script that imports this package's .ts
 * sources (esbuild, natives external) so it can run in a child `node`
 * process, where module loading and the libuv threadpool are the real ones.
 */
import { buildSync } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkgDir = fileURLToPath(new URL('../..', import.meta.url));
const srcDir = join(pkgDir, 'src');
let counter = 0;

/** Bundle `code` (imports relative to src/) and return the .mjs path. */
export function bundleScript(name: string, code: string, format: 'esm' | 'cjs' = 'esm'): string {
  const dir = join(pkgDir, '.test-tmp');
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, `${name}-${process.pid}-${counter++}.${format === 'esm' ? 'mjs' : 'cjs'}`);
  const result = buildSync({
    stdin: { contents: code, resolveDir: srcDir, sourcefile: `__entry-${name}.ts`, loader: 'ts' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format,
    write: false,
    external: ['koffi', 'serialport', '@serialport/*'],
    banner: format === 'esm' ? { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" } : {},
    logLevel: 'silent',
  });
  writeFileSync(outfile, result.outputFiles![0]!.contents);
  return outfile;
}
