/**
 * applications: for each configured name (exact package names, not
 * patterns), every installed package of that name or providing it, as
 * `name-version-release` (rpm) or `name-version` (dpkg), config order.
 */
import type { InstalledPackage } from '@ga/guest-os/packages/installed';

export function applications(pkgs: readonly InstalledPackage[], names: readonly string[]): string[] {
  const out: string[] = [];
  for (const want of names) {
    for (const p of pkgs) {
      if (p.name !== want && !p.provides.includes(want)) continue;
      const label = p.source === 'rpm' ? `${p.name}-${p.version}-${p.release ?? ''}` : `${p.name}-${p.version}`;
      if (!out.includes(label)) out.push(label);
    }
  }
  return out;
}
