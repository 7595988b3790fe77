/**
 * An empty Debian root for `dpkg --root`: its own dpkg database, busybox as
 * /bin/sh (dpkg runs the maintainer scripts chrooted into it) and this
 * machine's systemd unit files (systemd-analyze --root needs sysinit.target
 * and friends). Installing there is real dpkg work — unpack, conffiles,
 * maintainer scripts, remove, purge — in well under a second, with no network
 * and no VM; the agent then runs from the installed files.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Root {
  dir: string;
  /** Runs dpkg on this root; resolves its output and status. */
  dpkg(...args: string[]): { status: number; out: string };
  query(pkg: string): string;
  remove(): void;
}

const BUSYBOX = '/bin/busybox';

export function needTool(path: string, debPackage: string): void {
  if (!existsSync(path)) throw new Error(`${path} is missing; install it: apt-get install -y --no-install-recommends ${debPackage}`);
}

/**
 * The host's dpkg status stanzas of `pkgs` (Conffiles dropped: those files
 * are not in the root). The agent's native addons use the host's libc and
 * libstdc++ when it runs from the root, so the root says they are there.
 */
function hostStanzas(pkgs: string[]): string {
  const status = readFileSync('/var/lib/dpkg/status', 'utf8').split('\n\n');
  return pkgs.map((p) => {
    const st = status.find((s) => s.startsWith(`Package: ${p}\n`) && /\nStatus: install ok installed\n/.test(s));
    if (!st) throw new Error(`${p} is not installed on this machine; install it: apt-get install -y --no-install-recommends ${p}`);
    return `${st.replace(/\nConffiles:\n( .*\n?)*/, '\n').trimEnd()}\n\n`;
  }).join('');
}

function hostArch(): string {
  return spawnSync('dpkg', ['--print-architecture'], { encoding: 'utf8' }).stdout.trim();
}

export function makeRoot(seed: string[] = []): Root {
  needTool(BUSYBOX, 'busybox-static');
  needTool('/usr/bin/dpkg', 'dpkg');
  const dir = mkdtempSync(join(tmpdir(), 'ga-root-'));
  for (const d of ['var/lib/dpkg/info', 'var/lib/dpkg/updates', 'var/lib/dpkg/triggers', 'bin', 'etc', 'tmp', 'lib/systemd']) mkdirSync(join(dir, d), { recursive: true });
  writeFileSync(join(dir, 'var/lib/dpkg/status'), hostStanzas(seed));
  for (const p of seed) {
    // An empty file list: the seeded packages own no files in the root.
    const multiArch = /\nMulti-Arch: same\n/.test(hostStanzas([p]));
    writeFileSync(join(dir, 'var/lib/dpkg/info', multiArch ? `${p}:${hostArch()}.list` : `${p}.list`), '');
  }
  writeFileSync(join(dir, 'var/lib/dpkg/available'), '');
  copyFileSync(BUSYBOX, join(dir, 'bin/busybox'));
  for (const applet of ['sh', 'rm', 'mkdir', 'cat', 'test', '[']) symlinkSync('busybox', join(dir, 'bin', applet));
  cpSync('/lib/systemd/system', join(dir, 'lib/systemd/system'), { recursive: true, verbatimSymlinks: true });
  const dpkg = (...args: string[]) => {
    const r = spawnSync('dpkg', [`--root=${dir}`, ...args], { encoding: 'utf8', env: { ...process.env, PATH: '/usr/sbin:/usr/bin:/sbin:/bin' } });
    return { status: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
  };
  return {
    dir,
    dpkg,
    query: (pkg) => {
      const r = spawnSync('dpkg-query', [`--root=${dir}`, '-W', '-f=${Status}', pkg], { encoding: 'utf8' });
      return r.status === 0 ? r.stdout : `not known (${r.stderr.trim()})`;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
