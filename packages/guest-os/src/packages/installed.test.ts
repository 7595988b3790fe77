import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RPM_QUERY_FORMAT, installedPackages, parseDpkgStatus, parseRpmQuery } from './installed.js';

const fixture = (n: string) => readFileSync(join(dirname(fileURLToPath(import.meta.url)), '__fixtures__', n), 'utf8');

describe('installed packages', () => {
  it('parses installed dpkg stanzas with their Provides', () => {
    expect(parseDpkgStatus(fixture('dpkg-status.txt'))).toEqual([
      { name: 'linux-image-6.1.0-18-amd64', version: '6.1.76-1', provides: ['linux-image', 'linux-modules-6.1.0-18-amd64', 'wireguard-modules'], source: 'dpkg' },
      { name: 'cloud-init', version: '22.4.2-1', provides: [], source: 'dpkg' },
      { name: 'bash', version: '5.2.15-2+b2', provides: [], source: 'dpkg' },
    ]);
  });

  it('parses rpm -qa output (fixture: Debian CI has no rpm database)', () => {
    const pkgs = parseRpmQuery(fixture('rpm-qa.txt'));
    expect(pkgs.map((p) => `${p.name}-${p.version}-${p.release}`)).toEqual(['kernel-4.18.0-348.el8', 'kernel-4.18.0-305.el8', 'cloud-init-21.1-7.el8', 'bash-4.4.20-2.el8']);
    expect(pkgs[0]!.provides).toEqual(['kernel', 'kernel(x86-64)', 'kernel-x86_64']);
  });

  it('runs rpm once per database change and re-reads dpkg only when its mtime moves', async () => {
    const mtimes = new Map<string, number>([['/s', 1], ['/rpmdb', 1]]);
    const runs: string[][] = [];
    let reads = 0;
    const db = installedPackages({
      dpkgStatus: '/s',
      rpmDbFiles: ['/none', '/rpmdb'],
      mtime: async (p) => mtimes.get(p),
      readFile: async () => (reads++, fixture('dpkg-status.txt')),
      runRpm: async (args) => (runs.push(args), fixture('rpm-qa.txt')),
    });
    expect((await db.list()).length).toBe(7);
    expect((await db.list()).length).toBe(7);
    expect(runs).toEqual([['-qa', '--qf', RPM_QUERY_FORMAT]]);
    expect(reads).toBe(1);
    mtimes.set('/rpmdb', 2);
    mtimes.set('/s', 2);
    await db.list();
    expect(runs.length).toBe(2);
    expect(reads).toBe(2);
    mtimes.delete('/rpmdb');
    expect((await db.list()).every((p) => p.source === 'dpkg')).toBe(true);
  });

  it('reads as empty when rpm fails or no database exists', async () => {
    const db = installedPackages({ dpkgStatus: '/none', rpmDbFiles: ['/r'], mtime: async (p) => (p === '/r' ? 1 : undefined), runRpm: async () => { throw new Error('ENOENT'); } });
    expect(await db.list()).toEqual([]);
  });

  it('reads this machine\'s dpkg database', async () => {
    const pkgs = await installedPackages({ rpmDbFiles: [] }).list();
    expect(pkgs.some((p) => p.name === 'bash' && p.source === 'dpkg')).toBe(true);
  });
});
