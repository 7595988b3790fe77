/**
 * Which commands are enabled right now, computed from the schema's data
 * (allowedWhileFrozen, the build platform) and the configured lists, in
 * qemu-ga's precedence: frozen, then block list, then allow list
 * (ga_command_is_allowed, qemu-ga.md §3.3). The reasons are 7.2's texts.
 */
import type { AgentConfig } from '../context.js';
import { QgaError } from '../errors.js';
import { commandsFor } from '../schema/commands.js';
import type { CommandDef } from '../schema/commands.js';

/**
 * The schema level this agent implements, reported by guest-info. It is the
 * QEMU release whose QGA schema matches our command table (guest-get-load is 10.0,
 * guest-network-get-route 9.1), not a QEMU build version.
 */
export const AGENT_VERSION = '10.1.0';

/** What the policy needs to know. */
export interface PolicyState {
  readonly frozen: boolean;
  readonly blockRpcs: readonly string[];
  /** undefined: no allow-list. */
  readonly allowRpcs?: readonly string[];
}

/** Why a command is disabled: the text after "Command X has been disabled". */
export type DisableReason = 'frozen' | 'blocked' | 'not-allowed';

/** undefined when `def` is enabled now. */
export function disableReason(def: CommandDef, state: PolicyState): DisableReason | undefined {
  if (state.frozen && !def.allowedWhileFrozen) return 'frozen';
  if (state.blockRpcs.includes(def.name)) return 'blocked';
  if (state.allowRpcs !== undefined && !state.allowRpcs.includes(def.name)) return 'not-allowed';
  return undefined;
}

const SUFFIX: Record<DisableReason, string> = {
  frozen: ': the agent is in frozen state',
  blocked: '',
  'not-allowed': ': the command is not allowed',
};

/** The CommandNotFound error a disabled command answers. */
export function disabledError(name: string, reason: DisableReason): QgaError {
  return new QgaError(`Command ${name} has been disabled${SUFFIX[reason]}`, 'CommandNotFound');
}

/** The error an unknown (or compiled-out) command answers. */
export function notFoundError(name: string): QgaError {
  return new QgaError(`The command ${name} has not been found`, 'CommandNotFound');
}

/** The policy inputs of a running agent. */
export function policyState(ctx: { readonly config: AgentConfig; readonly frozen: { readonly frozen: boolean } }): PolicyState {
  return { frozen: ctx.frozen.frozen, blockRpcs: ctx.config.blockRpcs, allowRpcs: ctx.config.allowRpcs };
}

/**
 * guest-info's `supported_commands`: every command of the build, disabled
 * ones included, in reverse registration order as qemu-ga lists them.
 */
export function supportedCommands(ctx: Parameters<typeof policyState>[0]): {
  name: string;
  enabled: boolean;
  'success-response': boolean;
}[] {
  const state = policyState(ctx);
  return [...commandsFor()].reverse().map((def) => ({
    name: def.name,
    enabled: disableReason(def, state) === undefined,
    'success-response': def.successResponse,
  }));
}
