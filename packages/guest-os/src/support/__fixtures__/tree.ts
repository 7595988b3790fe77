import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Builds a captured /proc + /sys tree under a temp dir for unit tests.
 * Spec: path → string (file content) | { link: target } (symlink; an
 * absolute target means a path inside the tree) | null (empty directory).
 */
export type TreeSpec = Record<string, string | { link: string } | null>;

export async function makeTree(spec: TreeSpec): Promise<{ root: string; cleanup: () => Promise<void> }> {
  const root = await mkdtemp(path.join(tmpdir(), 'ga-guest-os-'));
  for (const [p, v] of Object.entries(spec)) {
    const abs = path.join(root, p);
    if (v === null) {
      await mkdir(abs, { recursive: true });
      continue;
    }
    await mkdir(path.dirname(abs), { recursive: true });
    if (typeof v === 'string') await writeFile(abs, v);
    // absolute targets are inside the tree; store them relative, like sysfs links
    else await symlink(v.link.startsWith('/') ? path.relative(path.dirname(p), v.link) : v.link, abs);
  }
  return { root, cleanup: () => rm(root, { recursive: true, force: true }) };
}
