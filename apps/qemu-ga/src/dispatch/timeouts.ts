/**
 * Per-command time limits. qemu-ga has none: a hung NFS statvfs in
 * guest-get-fsinfo stalls every later request, guest-ping and thaw included.
 * We bound only the read-only information commands by default (30 s, well
 * above anything a healthy guest needs and below libvirt's patience for a
 * stuck agent); commands with side effects (freeze, thaw, hooks, exec spawn,
 * file I/O, power, set-*) are never abandoned, because answering "failed"
 * while the work may still complete would lie about guest state.
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
