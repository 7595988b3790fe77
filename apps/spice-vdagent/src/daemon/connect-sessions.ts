/**
 * Session tracking for the daemon (no `-X`): logind over the system bus.
 * Fails with a message naming the fix when there is no bus or no logind.
 */
import { connectLogind } from '@ga/guest-os/sessions/logind';
import type { Sessions } from '@ga/guest-os/sessions/types';

export async function connectSessions(onError?: (err: Error) => void): Promise<Sessions> {
  try {
    return await connectLogind({ onError });
  } catch (err) {
    throw new Error(`cannot reach systemd-logind on the system bus: ${(err as Error).message}`, { cause: err });
  }
}
