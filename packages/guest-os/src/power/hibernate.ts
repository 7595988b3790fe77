/**
 * The oVirt `hibernate` command's states mapped onto the suspend chain
 * qemu-ga uses (systemd, then pm-utils, then /sys/power/state): `disk`
 * hibernates, `mem` suspends to RAM. Anything else is refused.
 */
import { suspendGuest, type SuspendDeps } from './suspend.js';

export type HibernateState = 'disk' | 'mem';

export function isHibernateState(s: unknown): s is HibernateState {
  return s === 'disk' || s === 'mem';
}

export function hibernateGuest(state: HibernateState, deps: SuspendDeps = {}): Promise<void> {
  return suspendGuest(state === 'disk' ? 'disk' : 'ram', deps);
}
