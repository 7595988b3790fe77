/**
 * A user's XDG special directories (user-dirs.dirs, as GLib's
 * g_get_user_special_dir reads it): `XDG_<NAME>_DIR="$HOME/…"` lines in
 * $XDG_CONFIG_HOME/user-dirs.dirs (default ~/.config). Like GLib, only the
 * desktop falls back to ~/Desktop when unset; other names are undefined.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type SpecialDir = 'DESKTOP' | 'DOWNLOAD';

/** Parse user-dirs.dirs text; values are returned with $HOME expanded, relative ones dropped. */
export function parseUserDirs(text: string, home: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^\s*XDG_([A-Z_]+)_DIR\s*=\s*"((?:[^"\\]|\\.)*)"\s*$/.exec(line);
    if (!m) continue;
    let v = m[2]!.replace(/\\(.)/g, '$1');
    if (v.startsWith('$HOME')) v = home + v.slice(5);
    else if (!v.startsWith('/')) continue;
    out.set(m[1]!, v.replace(/\/+$/, '') || '/');
  }
  return out;
}

export function userSpecialDir(name: SpecialDir, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const home = env.HOME ?? '/';
  const config = env.XDG_CONFIG_HOME || join(home, '.config');
  let dirs = new Map<string, string>();
  try {
    dirs = parseUserDirs(readFileSync(join(config, 'user-dirs.dirs'), 'utf8'), home);
  } catch {
    // no user-dirs.dirs: GLib's defaults
  }
  return dirs.get(name) ?? (name === 'DESKTOP' ? join(home, 'Desktop') : undefined);
}
