/**
 * Library dependencies of the shipped native addons, computed by Debian's own
 * dpkg-shlibdeps (it needs a debian/control to run in; a two-line one does).
 * Its warnings about N-API symbols are expected: node provides them.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function shlibsDepends(binaries: string[]): string {
  if (binaries.length === 0) return '';
  const dir = mkdtempSync(join(tmpdir(), 'ga-shlibs-'));
  try {
    mkdirSync(join(dir, 'debian'));
    writeFileSync(join(dir, 'debian/control'), 'Source: ga\n\nPackage: ga\nArchitecture: any\n');
    const r = spawnSync('dpkg-shlibdeps', ['-O', ...binaries.map((b) => `-e${b}`)], { cwd: dir, encoding: 'utf8' });
    const line = /^shlibs:Depends=(.*)$/m.exec(r.stdout ?? '');
    if (r.status !== 0 || !line) throw new Error(`dpkg-shlibdeps failed (install dpkg-dev): ${(r.stderr || r.error?.message || '').slice(-400)}`);
    return line[1]!.trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
