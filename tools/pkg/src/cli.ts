/**
 * ga-pkg: builds an agent's Debian package. Run by each app's `npm run package`
 * (turbo run package --filter=<app>), from the app's folder.
 * Usage: ga-pkg deb [<app>]        (default: the current folder's name)
 *        ga-pkg node-marker <dir>  (see node-marker.ts)
 */
import { basename, resolve } from 'node:path';
import { buildDeb } from './build-deb.js';
import { buildNodeMarker } from './node-marker.js';

function repoRoot(): string {
  // The bundle lives at tools/pkg/dist/ga-pkg.mjs.
  return resolve(new URL('.', import.meta.url).pathname, '../../..');
}

function main(argv: string[]): number {
  const [cmd, arg] = argv;
  if (cmd === 'deb') {
    const app = arg ?? basename(process.cwd());
    const r = buildDeb({ repo: repoRoot(), app, log: (l) => console.log(`  ${l}`) });
    console.log(`built ${r.deb} (${(r.bytes / 1024).toFixed(0)} KiB)`);
    return 0;
  }
  if (cmd === 'node-marker' && arg) {
    const r = buildNodeMarker(arg);
    console.log(`built ${r.deb} (Provides: nodejs (= ${r.nodeVersion}))`);
    return 0;
  }
  console.error('usage: ga-pkg deb [<app>] | ga-pkg node-marker <out-dir>');
  return 2;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (err) {
  console.error(`ga-pkg: ${(err as Error).message}`);
  process.exitCode = 1;
}
