/**
 * A tiny package that tells dpkg about a Node.js it did not install (a
 * tarball in /usr/local, nvm, a container image's node): it Provides
 * nodejs at that node's version, which satisfies the agents'
 * `Depends: nodejs (>= 20.19)` honestly. The install tests use it for their
 * empty throw-away root; the README (Installing one agent into a real guest) explains it to administrators.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAINTAINER } from './control.js';
import { put } from './tree.js';

export const NODE_MARKER_PKG = 'nodejs-local';

export interface MarkerResult {
  deb: string;
  nodeVersion: string;
}

export function buildNodeMarker(outDir: string, nodeVersion = process.versions.node): MarkerResult {
  const root = mkdtempSync(join(tmpdir(), 'node-marker-'));
  try {
    const version = `${nodeVersion}+local`;
    put(root, '/DEBIAN/control', [
      `Package: ${NODE_MARKER_PKG}`,
      `Version: ${version}`,
      'Architecture: all',
      `Maintainer: ${MAINTAINER}`,
      `Provides: nodejs (= ${nodeVersion})`,
      'Conflicts: nodejs',
      'Section: misc',
      'Priority: optional',
      `Description: marks a Node.js ${nodeVersion} installed outside dpkg`,
      ' Satisfies dependencies on nodejs with a node that was installed by other',
      ' means (a tarball in /usr/local, a container image). It installs no files.',
      '',
    ].join('\n'));
    const deb = join(outDir, `${NODE_MARKER_PKG}_${version}_all.deb`);
    const r = spawnSync('dpkg-deb', ['--root-owner-group', '--build', root, deb], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`dpkg-deb failed: ${r.stderr}`);
    return { deb, nodeVersion };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
