import { QgaError } from '../errors.js';

/**
 * Runs a guest-os action and turns its failures (plain Errors whose message is
 * already qemu-ga's text) into QgaError, so the dispatcher answers them as
 * GenericError without treating them as internal faults. `wrap` adds an outer
 * text, e.g. guest-exec's "Guest agent command failed, error was '%s'".
 */
export async function asQga<T>(action: () => Promise<T> | T, wrap?: (desc: string) => string): Promise<T> {
  try {
    return await action();
  } catch (err) {
    if (err instanceof QgaError) throw err;
    const desc = err instanceof Error ? err.message : String(err);
    throw new QgaError(wrap ? wrap(desc) : desc);
  }
}
