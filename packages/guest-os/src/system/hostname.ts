import os from 'node:os';

/**
 * The host name from gethostname(2) (Node's os.hostname), read fresh on every
 * call — qemu-ga avoids GLib's cached g_get_host_name for the same reason —
 * falling back to "localhost" like qemu-ga.
 */
export function getHostName(deps: { gethostname?: () => string } = {}): string {
  try {
    const name = (deps.gethostname ?? os.hostname)();
    return name === '' ? 'localhost' : name;
  } catch {
    return 'localhost';
  }
}
