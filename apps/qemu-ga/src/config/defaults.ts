/** qemu-ga's built-in defaults (qemu-ga.md §3.1), plus our downstream extras (off). */
import type { AgentConfig } from '../context.js';
import { DEFAULT_INFO_TIMEOUT_SEC } from '../dispatch/timeouts.js';

export const DEFAULT_VIRTIO_PATH = '/dev/virtio-ports/org.qemu.guest_agent.0';
export const DEFAULT_STATE_DIR = '/var/run';
export const DEFAULT_PID_FILE = '/var/run/qemu-ga.pid';
export const DEFAULT_FSFREEZE_HOOK = '/etc/qemu/fsfreeze-hook';
export const DEFAULT_CONFIG_FILE = '/etc/qemu/qemu-ga.conf';

/** A fresh config with every default applied. */
export function defaultConfig(): AgentConfig {
  return {
    stateDir: DEFAULT_STATE_DIR,
    method: 'virtio-serial',
    // Filled from the method after option parsing (resolveCli), as qemu-ga does.
    path: '',
    pidFile: DEFAULT_PID_FILE,
    daemonize: false,
    verbose: false,
    retryPath: false,
    blockRpcs: [],
    commandTimeoutSec: DEFAULT_INFO_TIMEOUT_SEC,
  };
}
