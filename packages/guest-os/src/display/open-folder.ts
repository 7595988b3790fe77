/**
 * Show a folder to the user (the file manager), as spice-vdagent does after
 * a file transfer with `-o 1`: xdg-open(1) on it, through the injectable
 * runner. Resolves false when it could not be started or failed.
 */
import { runCommand } from '../exec/run-command.js';
import type { CommandRunner } from '../exec/run-command.js';

export type FolderOpener = (dir: string) => Promise<boolean>;

export function xdgOpenFolder(run: CommandRunner = runCommand): FolderOpener {
  return async (dir) => {
    try {
      return (await run('xdg-open', [dir])).exitCode === 0;
    } catch {
      return false;
    }
  };
}
