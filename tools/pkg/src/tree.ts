/** Small filesystem helpers for staging a package tree. */
import { chmodSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

/** Every regular file under `dir`, relative to it, with POSIX separators. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push(relative(dir, p).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

export function isExecutable(path: string): boolean {
  return (statSync(path).mode & 0o111) !== 0;
}

/** Writes `data` at `root` + absolute `path`, creating parents, with `mode`. */
export function put(root: string, path: string, data: string | Buffer, mode = 0o644): void {
  const full = join(root, path);
  mkdirSync(dirname(full), { recursive: true, mode: 0o755 });
  writeFileSync(full, data);
  chmodSync(full, mode);
}
