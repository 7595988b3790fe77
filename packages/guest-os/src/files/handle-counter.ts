import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** qemu-ga's first file handle (QGA_PSTATE_DEFAULT_FD_COUNTER). */
export const FIRST_FILE_HANDLE = 1000;

/** File I/O used by the counter; real defaults write the state dir. */
export interface CounterFs {
  readFile(path: string): Promise<string>;
  /** Replaces `path` atomically (temp file + rename, like g_file_set_contents). */
  writeFileAtomic(path: string, data: string): Promise<void>;
}

export const defaultCounterFs: CounterFs = {
  readFile: (path) => readFile(path, 'utf8'),
  async writeFileAtomic(path, data) {
    const tmp = `${path}.${process.pid}.tmp`;
    await writeFile(tmp, data, { mode: 0o644 });
    await rename(tmp, path);
  },
};

/** `<statedir>/qga.state`, qemu-ga's persistent state file. */
export function stateFilePath(stateDir: string): string {
  return join(stateDir, 'qga.state');
}

/** Renders the GLib key file qemu-ga writes: `[global]\nfd_counter=N\n`. */
export function formatStateFile(fdCounter: number): string {
  return `[global]\nfd_counter=${fdCounter}\n`;
}

/**
 * Reads `fd_counter` from a qga.state key file; undefined when the key is
 * absent or not an integer (qemu-ga then keeps its default).
 */
export function parseStateFile(text: string): number | undefined {
  let group = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('[') && line.endsWith(']')) {
      group = line.slice(1, -1);
      continue;
    }
    const eq = line.indexOf('=');
    if (group !== 'global' || eq < 0 || line.slice(0, eq).trim() !== 'fd_counter') continue;
    const value = line.slice(eq + 1).trim();
    if (!/^-?\d+$/.test(value)) return undefined;
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : undefined;
  }
  return undefined;
}

/**
 * The guest-file handle counter, persisted like qemu-ga's ga_get_fd_handle:
 * each new handle rewrites `<statedir>/qga.state` with the next value, so
 * numbering continues after an agent restart instead of reusing old handles.
 */
export class HandleCounter {
  private next: number | undefined;

  constructor(
    private readonly stateDir: string,
    private readonly fs: CounterFs = defaultCounterFs,
  ) {}

  /** Loads the counter (missing or unreadable file: 1000) without consuming a handle. */
  async load(): Promise<number> {
    if (this.next === undefined) {
      let value: number | undefined;
      try {
        value = parseStateFile(await this.fs.readFile(stateFilePath(this.stateDir)));
      } catch {
        value = undefined;
      }
      this.next = value ?? FIRST_FILE_HANDLE;
    }
    return this.next;
  }

  /**
   * Takes the next handle and persists the counter. Like qemu-ga, a failed
   * write is reported (`failed to commit persistent state to disk`) and the
   * handle is not used, but the in-memory counter has still advanced.
   */
  async take(): Promise<number> {
    const handle = await this.load();
    this.next = handle + 1;
    try {
      await this.fs.writeFileAtomic(stateFilePath(this.stateDir), formatStateFile(this.next));
    } catch {
      throw new Error('failed to commit persistent state to disk');
    }
    return handle;
  }
}

/**
 * What qemu-ga does with qga.state at startup: create it with the default
 * counter when missing (skipped when starting frozen: no writes to a frozen
 * disk), and fail startup when that is impossible
 * (`unable to create state file at path <path>`).
 */
export async function ensureStateFile(stateDir: string, frozen: boolean, fs: CounterFs = defaultCounterFs): Promise<void> {
  const path = stateFilePath(stateDir);
  try {
    await fs.readFile(path);
    return;
  } catch {
    // missing or unreadable: create it below, like qemu-ga
  }
  if (frozen) return;
  try {
    await fs.writeFileAtomic(path, formatStateFile(FIRST_FILE_HANDLE));
  } catch {
    throw new Error(`unable to create state file at path ${path}`);
  }
}
