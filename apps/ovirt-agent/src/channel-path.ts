/**
 * Where the oVirt channel lives: `[virtio] device_prefix` of the config
 * (default `/dev/virtio-ports/`, ovirt-guest-agent.md §4.2) plus the port
 * name. The current name `ovirt-guest-agent.0` is preferred and the legacy
 * `com.redhat.rhevm.vdsm` used when only it exists, which is VDSM's order
 * and the Windows agent's. (The Linux reference tries the legacy name first;
 * that differs only for a VM with both channels, which the engine never
 * creates.)
 */
import { existsSync } from 'node:fs';

export const DEFAULT_CONFIG_FILES = ['/usr/share/ovirt-guest-agent/default.conf', '/etc/ovirt-guest-agent.conf'] as const;
export const CHANNEL_NAME = 'ovirt-guest-agent.0';
export const LEGACY_CHANNEL_NAME = 'com.redhat.rhevm.vdsm';

/** The virtio port path to open: the current name unless only the legacy one exists. */
export function channelPath(devicePrefix: string, exists: (path: string) => boolean = existsSync): string {
  const current = `${devicePrefix}${CHANNEL_NAME}`;
  const legacy = `${devicePrefix}${LEGACY_CHANNEL_NAME}`;
  return !exists(current) && exists(legacy) ? legacy : current;
}
