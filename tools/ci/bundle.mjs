#!/usr/bin/env node
// Bundles one agent (or host tool) into dist/<name>.mjs with esbuild and copies
// the native externals beside it (dist/node_modules), so the dist folder runs on
// its own: `node dist/<name>.mjs`. Natives cannot be bundled: bindings-cpp finds
// its .node relative to its package folder and koffi loads a platform package.
// Usage (from the package folder): node ../../tools/ci/bundle.mjs <name> [entry]
//
// Start-up and idle memory are the customer's in every VM, so whitespace and
// redundant syntax are removed (identifiers stay: stack traces keep their
// names; the source map gives positions): less source for V8 to hold and
// scan. The output stays one file on purpose. A dynamic import() is bundled
// as a module evaluated at its first import, so rarely used code costs no
// start-up work anyway; esbuild's code splitting (a file per import()) was
// measured worse: loading ~12 files at start made node:path's normalizeString
// hot enough for TurboFan, whose compiler pages cost +4 MiB of idle RSS at an
// install path like /usr/lib/guest-agents/qemu-ga (49.5 against 53.4 MiB),
// more than the deferred parse saves.
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// --external PKG (repeatable): a host tool's dependency that cannot be bundled (esbuild for tools/pkg).
const args = process.argv.slice(2);
const extraExternals = [];
for (let i = args.indexOf('--external'); i >= 0; i = args.indexOf('--external')) extraExternals.push(...args.splice(i, 2).slice(1));
const [name, entry = 'src/main.ts'] = args;
if (!name) {
  console.error('usage: bundle.mjs <name> [entry] (run it from the package folder)');
  process.exit(2);
}
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const pkgDir = process.cwd();
const externals = ['@serialport/bindings-cpp', 'koffi', 'x11', ...extraExternals];

rmSync(join(pkgDir, 'dist'), { recursive: true, force: true });
const result = await build({
  entryPoints: [join(pkgDir, entry)],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  outfile: join(pkgDir, 'dist', `${name}.mjs`),
  minifyWhitespace: true,
  minifySyntax: true,
  external: externals,
  sourcemap: true,
  metafile: true,
  logLevel: 'warning',
  // CJS dependencies (winston) call require(); ESM output has none of its own.
  banner: { js: "#!/usr/bin/env node\nimport{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
});

// Copy each external the bundle really imports, with its runtime dependencies.
const used = new Set(Object.values(result.metafile.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path)));
const req = createRequire(join(root, 'package.json'));
const copied = new Set();
function copyPkg(pkg, from) {
  if (copied.has(pkg)) return;
  let pkgJson;
  try {
    pkgJson = createRequire(join(from, 'package.json')).resolve(`${pkg}/package.json`);
  } catch {
    const guess = join(root, 'node_modules', pkg, 'package.json');
    if (!existsSync(guess)) return; // optional platform package absent here
    pkgJson = guess;
  }
  copied.add(pkg);
  const src = dirname(pkgJson);
  const dest = join(pkgDir, 'dist', 'node_modules', pkg);
  mkdirSync(dirname(dest), { recursive: true });
  cpSync(src, dest, { recursive: true, dereference: true, filter: (p) => !p.includes(`${src}/node_modules`) || true });
  const meta = JSON.parse(readFileSync(pkgJson, 'utf8'));
  const deps = { ...meta.dependencies, ...meta.optionalDependencies };
  for (const dep of Object.keys(deps)) {
    if (dep.startsWith('@koromix/') && !dep.endsWith(`${process.platform}-${process.arch}`)) continue;
    copyPkg(dep, src);
  }
}
// Natives loaded lazily with createRequire(import.meta.url)("x") (koffi in
// @ga/native and @ga/guest-os) are invisible to the metafile: find them in the output.
const bundled = readFileSync(join(pkgDir, 'dist', `${name}.mjs`), 'utf8');
for (const ext of externals) if (bundled.includes(`("${ext}")`) || bundled.includes(`('${ext}')`)) used.add(ext);
for (const ext of used) {
  const pkg = ext.startsWith('@') ? ext.split('/').slice(0, 2).join('/') : ext.split('/')[0];
  copyPkg(pkg, root);
}
void req;
const js = Object.entries(result.metafile.outputs).find(([o]) => o.endsWith('.mjs'))?.[1].bytes ?? 0;
console.log(`bundled ${name}: dist/${name}.mjs (${(js / 1024).toFixed(0)} KiB), natives: ${[...copied].join(', ') || 'none'}`);
