import { constants } from 'node:fs';

const { O_RDONLY, O_WRONLY, O_RDWR, O_CREAT, O_TRUNC, O_APPEND, O_NOCTTY, O_NONBLOCK } = constants;

/**
 * fopen(3) mode strings qemu-ga accepts for guest-file-open, with the open(2)
 * flags each maps to (POSIX fopen table; "b" is a no-op on Linux). Any other
 * spelling, e.g. "br" or "rw", is rejected exactly like qemu-ga does.
 */
const MODE_FLAGS: ReadonlyMap<string, number> = new Map([
  ['r', O_RDONLY],
  ['rb', O_RDONLY],
  ['w', O_WRONLY | O_CREAT | O_TRUNC],
  ['wb', O_WRONLY | O_CREAT | O_TRUNC],
  ['a', O_WRONLY | O_CREAT | O_APPEND],
  ['ab', O_WRONLY | O_CREAT | O_APPEND],
  ['r+', O_RDWR],
  ['rb+', O_RDWR],
  ['r+b', O_RDWR],
  ['w+', O_RDWR | O_CREAT | O_TRUNC],
  ['wb+', O_RDWR | O_CREAT | O_TRUNC],
  ['w+b', O_RDWR | O_CREAT | O_TRUNC],
  ['a+', O_RDWR | O_CREAT | O_APPEND],
  ['ab+', O_RDWR | O_CREAT | O_APPEND],
  ['a+b', O_RDWR | O_CREAT | O_APPEND],
]);

/** Every mode string guest-file-open accepts, in table order. */
export const FILE_OPEN_MODES: readonly string[] = [...MODE_FLAGS.keys()];

/**
 * open(2) flags for a guest-file-open mode, or undefined when qemu-ga would
 * answer `invalid file open mode '<mode>'`. O_NOCTTY|O_NONBLOCK are always
 * added so a FIFO or tty path cannot hang or adopt the agent (qemu-ga does the
 * same); Node adds O_CLOEXEC itself.
 */
export function openFlagsForMode(mode: string): number | undefined {
  const base = MODE_FLAGS.get(mode);
  return base === undefined ? undefined : base | O_NOCTTY | O_NONBLOCK;
}
