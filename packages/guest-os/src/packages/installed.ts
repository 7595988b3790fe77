/**
 * Installed packages from the package databases, for the oVirt agent's
 * `applications` report. dpkg: /var/lib/dpkg/status is parsed directly.
 * rpm: its database (rpmdb.sqlite since RPM 4.16, Berkeley DB before) has no
 * reader in Node without a native module, so one `rpm -qa` run gives the
 * list, and it is cached by the database's mtime: a refresh runs no process
 * unless a package was installed or removed since the last one.
 */
import { execFile } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';

export interface InstalledPackage {
  name: string;
  version: string;
  /** rpm only. */
  release?: string;
  /** Virtual names the package provides (dpkg Provides, rpm PROVIDENAME). */
  provides: string[];
  source: 'dpkg' | 'rpm';
}

export const DPKG_STATUS = '/var/lib/dpkg/status';
/** Files whose mtime changes with every rpm transaction, newest format first. */
export const RPM_DB_FILES = ['/var/lib/rpm/rpmdb.sqlite', '/usr/lib/sysimage/rpm/rpmdb.sqlite', '/var/lib/rpm/Packages'];
export const RPM_QUERY_FORMAT = '%{NAME}\\t%{VERSION}\\t%{RELEASE}\\t[%{PROVIDENAME} ]\\n';

/** Installed stanzas of a dpkg status file. */
export function parseDpkgStatus(text: string): InstalledPackage[] {
  const out: InstalledPackage[] = [];
  for (const stanza of text.split(/\n\s*\n/)) {
    const fields = new Map<string, string>();
    let last = '';
    for (const line of stanza.split('\n')) {
      if (/^\s/.test(line) && last) {
        fields.set(last, `${fields.get(last)}\n${line.trim()}`);
        continue;
      }
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      last = line.slice(0, colon);
      fields.set(last, line.slice(colon + 1).trim());
    }
    const name = fields.get('Package');
    const version = fields.get('Version');
    const status = (fields.get('Status') ?? '').split(/\s+/);
    if (!name || !version || status[2] !== 'installed') continue;
    const provides = (fields.get('Provides') ?? '')
      .split(',')
      .map((p) => p.trim().split(/[\s(]/)[0]!)
      .filter((p) => p !== '');
    out.push({ name, version, provides, source: 'dpkg' });
  }
  return out;
}

/** Lines of `rpm -qa --qf RPM_QUERY_FORMAT`. */
export function parseRpmQuery(text: string): InstalledPackage[] {
  const out: InstalledPackage[] = [];
  for (const line of text.split('\n')) {
    const [name, version, release, provides] = line.split('\t');
    if (!name || version === undefined || release === undefined) continue;
    out.push({ name, version, release, provides: (provides ?? '').split(' ').filter((p) => p !== ''), source: 'rpm' });
  }
  return out;
}

export interface InstalledDeps {
  readFile: (path: string) => Promise<string>;
  /** mtime in ms, or undefined when the file does not exist. */
  mtime: (path: string) => Promise<number | undefined>;
  /** Runs `rpm` with args and resolves its stdout. */
  runRpm: (args: string[]) => Promise<string>;
  dpkgStatus: string;
  rpmDbFiles: readonly string[];
}

const realDeps: InstalledDeps = {
  readFile: (p) => readFile(p, 'utf8'),
  mtime: async (p) => {
    try {
      return (await stat(p)).mtimeMs;
    } catch {
      return undefined;
    }
  },
  runRpm: (args) =>
    new Promise((resolve, reject) => {
      execFile('rpm', args, { maxBuffer: 64 * 1024 * 1024, timeout: 60_000 }, (err, stdout) => (err ? reject(err) : resolve(stdout)));
    }),
  dpkgStatus: DPKG_STATUS,
  rpmDbFiles: RPM_DB_FILES,
};

export interface InstalledPackages {
  /** Every installed package of every database present; cached until a database changes. */
  list(): Promise<InstalledPackage[]>;
}

/** A reader that re-reads a database only when its mtime changed. Never throws: a broken database reads as empty. */
export function installedPackages(deps: Partial<InstalledDeps> = {}): InstalledPackages {
  const d = { ...realDeps, ...deps };
  const cache = new Map<string, { mtime: number; pkgs: InstalledPackage[] }>();
  const cached = async (key: string, file: string | undefined, load: () => Promise<InstalledPackage[]>): Promise<InstalledPackage[]> => {
    const mtime = file === undefined ? undefined : await d.mtime(file);
    if (mtime === undefined) {
      cache.delete(key);
      return [];
    }
    const hit = cache.get(key);
    if (hit && hit.mtime === mtime) return hit.pkgs;
    let pkgs: InstalledPackage[];
    try {
      pkgs = await load();
    } catch {
      pkgs = [];
    }
    cache.set(key, { mtime, pkgs });
    return pkgs;
  };
  return {
    async list() {
      const dpkg = await cached('dpkg', d.dpkgStatus, async () => parseDpkgStatus(await d.readFile(d.dpkgStatus)));
      let rpmFile: string | undefined;
      for (const f of d.rpmDbFiles) {
        if ((await d.mtime(f)) !== undefined) {
          rpmFile = f;
          break;
        }
      }
      const rpm = await cached('rpm', rpmFile, async () => parseRpmQuery(await d.runRpm(['-qa', '--qf', RPM_QUERY_FORMAT])));
      return [...dpkg, ...rpm];
    },
  };
}
