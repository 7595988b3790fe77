/**
 * Sessions when the system bus or logind is unavailable: nobody is logged
 * in, nothing changes, and lock/log-off fail with the reason.
 */
import type { Sessions } from '@ga/guest-os/sessions/types';

export function nullSessions(reason: string): Sessions {
  const fail = async (): Promise<never> => {
    throw new Error(`logind is not available: ${reason}`);
  };
  return {
    list: async () => [],
    active: async () => undefined,
    sessionOfPid: async () => undefined,
    lock: fail,
    terminate: fail,
    watch: () => () => undefined,
    close: async () => undefined,
  };
}
