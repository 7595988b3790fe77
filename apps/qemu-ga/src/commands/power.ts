/**
 * guest-shutdown and guest-suspend-* (no reply on success: the schema marks
 * them success-response false). The actions live in @ga/guest-os/power and
 * run through an injectable runner; here they are only wired and logged.
 */
import type { CommandRunner } from '@ga/guest-os/exec/run-command';
import { shutdownGuest } from '@ga/guest-os/power/shutdown';
import { suspendGuest, type SuspendDeps, type SuspendMode } from '@ga/guest-os/power/suspend';
import type { Handlers } from '../handlers.js';
import { asQga } from './qga-errors.js';

type PowerCommands = 'guest-shutdown' | 'guest-suspend-disk' | 'guest-suspend-ram' | 'guest-suspend-hybrid';

export interface PowerDeps {
  /** Runner for /sbin/shutdown; default spawns it. */
  shutdownRun?: CommandRunner;
  suspend?: SuspendDeps;
}

export function createPowerHandlers(deps: PowerDeps = {}): Pick<Handlers, PowerCommands> {
  const suspend = (mode: SuspendMode) => asQga(() => suspendGuest(mode, deps.suspend));
  return {
    async 'guest-shutdown'({ mode }, ctx) {
      ctx.log.audit(`guest-shutdown called, mode: ${mode ?? '(null)'}`);
      await asQga(() => shutdownGuest(mode, deps.shutdownRun));
    },
    async 'guest-suspend-disk'() {
      await suspend('disk');
    },
    async 'guest-suspend-ram'() {
      await suspend('ram');
    },
    async 'guest-suspend-hybrid'() {
      await suspend('hybrid');
    },
  };
}

export const powerHandlers: Pick<Handlers, PowerCommands> = createPowerHandlers();
