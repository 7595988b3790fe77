import { constants, promises as fsp } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { join } from 'node:path';

const { ENOENT, EACCES } = osConstants.errno;

/** What the lookup needs from the file system; the default is Node's fs. */
export interface ProgramFs {
  /** stat(2) following symlinks; rejects when missing. */
  stat(path: string): Promise<{ isFile(): boolean; isDirectory(): boolean }>;
  /** access(path, X_OK); rejects when not executable. */
  accessExec(path: string): Promise<void>;
}

export const defaultProgramFs: ProgramFs = {
  stat: (path) => fsp.stat(path),
  accessExec: (path) => fsp.access(path, constants.X_OK),
};

/** GLib's search path when the child environment has no PATH (gspawn.c). */
export const GLIB_DEFAULT_PATH = '/bin:/usr/bin';

export type ProgramLookup = { path: string } | { errno: number };

/**
 * Resolves a program the way g_spawn does with G_SPAWN_SEARCH_PATH: a name
 * containing "/" is used as is, otherwise each PATH entry is tried in order
 * ("" meaning the current directory). A candidate that exists but cannot be
 * executed is skipped but turns the final error into EACCES, like execvp.
 * Resolving up front lets guest-exec answer spawn errors synchronously with
 * GLib's errno text instead of Node's asynchronous 'error' event.
 */
export async function findProgram(
  file: string,
  pathVar: string | undefined,
  fs: ProgramFs = defaultProgramFs,
): Promise<ProgramLookup> {
  if (file === '') return { errno: ENOENT };
  if (file.includes('/')) return checkCandidate(file, fs);
  let sawEacces = false;
  for (const dir of (pathVar ?? GLIB_DEFAULT_PATH).split(':')) {
    // Keep a "/" in the result ("./x", not "x") so the spawn does not search PATH again.
    const candidate = join(dir === '' ? '.' : dir, file);
    const res = await checkCandidate(candidate.includes('/') ? candidate : `./${candidate}`, fs);
    if ('path' in res) return res;
    if (res.errno === EACCES) sawEacces = true;
  }
  return { errno: sawEacces ? EACCES : ENOENT };
}

async function checkCandidate(path: string, fs: ProgramFs): Promise<ProgramLookup> {
  let st;
  try {
    st = await fs.stat(path);
  } catch (err) {
    const code = (err as { code?: string }).code;
    return { errno: code === 'EACCES' ? EACCES : ENOENT };
  }
  if (!st.isFile()) return { errno: EACCES };
  try {
    await fs.accessExec(path);
  } catch {
    return { errno: EACCES };
  }
  return { path };
}
