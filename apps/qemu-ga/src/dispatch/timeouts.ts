/**
 * Per-command time limits. qemu-ga has none: a hung NFS statvfs in
 * guest-get-fsinfo stalls every later request, guest-ping and thaw included.
 * We stop waiting only for the read-only information commands (30 s, well
 * above anything a healthy guest needs): the queue moves on, and the late
 * answer is sent or dropped as the dispatcher explains, never replaced by a
 * made-up error. Commands with side effects (freeze, thaw, hooks, exec spawn,
 * file I/O, power, set-*) are always waited for.
 */
import type { AgentConfig } from '../context.js';
import type { CommandDef } from '../schema/commands.js';

/** Default limit for information commands, in seconds. */
export const DEFAULT_INFO_TIMEOUT_SEC = 30;

/** Read-only information commands: `guest-get-*` and `guest-network-get-*`. */
export function isInfoCommand(def: CommandDef): boolean {
  return /^guest-(get|network-get)-/.test(def.name);
}

/** The limit for `def` in ms (0 = none): config.commandTimeoutSec for information commands. */
export function timeoutFor(def: CommandDef, config: Pick<AgentConfig, 'commandTimeoutSec'>): number {
  return isInfoCommand(def) ? config.commandTimeoutSec * 1000 : 0;
}
