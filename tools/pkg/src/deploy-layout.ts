/**
 * Where each file of apps/<app>/deploy/ is installed. Explicit placements in
 * the spec win; otherwise the kind of file decides, with Debian 12's paths
 * (the originals' packages use /lib, not /usr/lib, for units and udev rules:
 * moving them while replacing those packages would hit dpkg's aliasing
 * problem on merged-/usr systems). A file of no known kind is an error, so
 * nothing a deploy/ author adds is silently left out of the package.
 */
import { posix } from 'node:path';
import type { PlacedFile } from './app-spec.js';

export interface Placement {
  from: string;
  to: string;
  mode: number;
}

/** Names and dot-files that are repository plumbing, not payload. */
function isPlumbing(rel: string): boolean {
  return rel.split('/').some((part) => part.startsWith('.')) || /(^|\/)README(\.md)?$/.test(rel);
}

function byKind(rel: string): string | undefined {
  const base = posix.basename(rel);
  if (rel.startsWith('user/') && /\.(service|socket|target)$/.test(base)) return `/usr/lib/systemd/user/${base}`;
  if (/\.(service|socket|path|timer|target)$/.test(base)) return `/lib/systemd/system/${base}`;
  if (base.endsWith('.rules')) return `/lib/udev/rules.d/${base}`;
  if (base.endsWith('.desktop')) return `/etc/xdg/autostart/${base}`;
  if (rel.startsWith('tmpfiles.d/') && base.endsWith('.conf')) return `/usr/lib/tmpfiles.d/${base}`;
  if (base.endsWith('.tmpfiles')) return `/usr/lib/tmpfiles.d/${base.replace(/\.tmpfiles$/, '.conf')}`;
  if (rel.startsWith('sysusers.d/') && base.endsWith('.conf')) return `/usr/lib/sysusers.d/${base}`;
  return undefined;
}

/**
 * @param files paths relative to deploy/ (POSIX separators), as found on disk
 * @param placed the spec's explicit placements
 * @param executable which of `files` have an execute bit (kept as 0755)
 * @throws Error naming every file that has no place
 */
export function layoutDeploy(files: string[], placed: PlacedFile[], executable: Set<string>): Placement[] {
  const out: Placement[] = [];
  const unplaced: string[] = [];
  for (const rel of [...files].sort()) {
    if (isPlumbing(rel)) continue;
    const explicit = placed.find((p) => p.from === rel);
    const to = explicit?.to ?? byKind(rel);
    if (!to) {
      unplaced.push(rel);
      continue;
    }
    const mode = explicit?.mode ?? (executable.has(rel) ? 0o755 : 0o644);
    out.push({ from: rel, to, mode });
  }
  if (unplaced.length > 0) {
    throw new Error(
      `deploy/ files with no install path: ${unplaced.join(', ')}; ` +
        'give each a `placed` entry in tools/pkg/src/apps/<app>.ts (or use a known kind: .service, .socket, .rules, .desktop, tmpfiles.d/*.conf)',
    );
  }
  const seen = new Map<string, string>();
  for (const p of out) {
    const other = seen.get(p.to);
    if (other) throw new Error(`deploy/${other} and deploy/${p.from} both install to ${p.to}`);
    seen.set(p.to, p.from);
  }
  return out;
}

/** Debian policy: every file the package ships under /etc is a conffile. */
export function isConffile(installPath: string): boolean {
  return installPath.startsWith('/etc/');
}
