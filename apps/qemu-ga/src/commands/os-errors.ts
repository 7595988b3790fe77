import { QgaError } from '../errors.js';

/**
 * Runs a @ga/guest-os call for a handler. guest-os errors already carry
 * qemu-ga's description text (e.g. `open("/proc/stat"): No such file or
 * directory`), so they go on the wire unchanged as GenericError.
 */
export async function viaGuestOs<T>(work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof QgaError) throw err;
    throw new QgaError(err instanceof Error ? err.message : String(err));
  }
}
