/**
 * Where the oVirt channel lives, from the reference agent's configuration:
 * `[virtio] device_prefix` (default `/dev/virtio-ports/`) in
 * /usr/share/ovirt-guest-agent/default.conf, overridden by
 * /etc/ovirt-guest-agent.conf (ovirt-guest-agent.md §4.2), plus the port
 * name. The current name `ovirt-guest-agent.0` is preferred and the legacy
 * `com.redhat.rhevm.vdsm` used when only it exists, which is VDSM's order
 * and the Windows agent's. (The Linux reference tries the legacy name first;
 * that differs only for a VM with both channels, which the engine never
 * creates.)
 */
import { existsSync, readFileSync } from 'node:fs';

export const DEFAULT_CONFIG_FILES = ['/usr/share/ovirt-guest-agent/default.conf', '/etc/ovirt-guest-agent.conf'] as const;
export const DEFAULT_DEVICE_PREFIX = '/dev/virtio-ports/';
export const CHANNEL_NAME = 'ovirt-guest-agent.0';
export const LEGACY_CHANNEL_NAME = 'com.redhat.rhevm.vdsm';

export interface ChannelPathDeps {
  readFile: (path: string) => string | undefined;
  exists: (path: string) => boolean;
}

const realDeps: ChannelPathDeps = {
  readFile: (path) => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  },
  exists: existsSync,
};

/** The value of `key` in `[section]` of Python ConfigParser-style text (`=` or `:`, `#`/`;` comments). */
export function iniValue(text: string, section: string, key: string): string | undefined {
  let current = '';
  let found: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const sec = /^\[(.+)\]$/.exec(line);
    if (sec) {
      current = sec[1]!.trim();
      continue;
    }
    const kv = /^([^=:]+)[=:](.*)$/.exec(line);
    // ConfigParser lower-cases option names.
    if (kv && current === section && kv[1]!.trim().toLowerCase() === key) found = kv[2]!.trim();
  }
  return found;
}

/** `device_prefix` after reading `files` in order (later files win). */
export function devicePrefix(files: readonly string[] = DEFAULT_CONFIG_FILES, deps: ChannelPathDeps = realDeps): string {
  let prefix = DEFAULT_DEVICE_PREFIX;
  for (const f of files) {
    const text = deps.readFile(f);
    const v = text === undefined ? undefined : iniValue(text, 'virtio', 'device_prefix');
    if (v) prefix = v;
  }
  return prefix;
}

/** The virtio port path to open: the current name unless only the legacy one exists. */
export function channelPath(files: readonly string[] = DEFAULT_CONFIG_FILES, deps: ChannelPathDeps = realDeps): string {
  const prefix = devicePrefix(files, deps);
  const current = `${prefix}${CHANNEL_NAME}`;
  const legacy = `${prefix}${LEGACY_CHANNEL_NAME}`;
  if (!deps.exists(current) && deps.exists(legacy)) return legacy;
  return current;
}
