/**
 * guest-set-time (guest-get-time is helper F's, in system-info). The clock is
 * only ever changed through the injectable deps of @ga/guest-os/time/set-time.
 */
import { setGuestTime, type SetTimeDeps } from '@ga/guest-os/time/set-time';
import type { Handlers } from '../handlers.js';
import { asQga } from './qga-errors.js';

export function createTimeHandlers(deps: SetTimeDeps = {}): Pick<Handlers, 'guest-set-time'> {
  return {
    async 'guest-set-time'({ time }) {
      await asQga(() => setGuestTime(time, deps));
    },
  };
}

export const timeHandlers: Pick<Handlers, 'guest-set-time'> = createTimeHandlers();
