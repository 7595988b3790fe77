/**
 * guest-sync, guest-sync-delimited, guest-ping, guest-info: the commands of
 * the agent itself (qemu-ga.md §1.6, §2.1). The 0xFF prefix of
 * guest-sync-delimited is written by the dispatcher, which owns the bytes.
 */
import type { Handlers } from '../handlers.js';
import type { AgentContext } from '../context.js';
import { AGENT_VERSION, supportedCommands } from '../dispatch/policy.js';

export const syncHandlers: Pick<Handlers, 'guest-sync' | 'guest-sync-delimited' | 'guest-ping' | 'guest-info'> = {
  async 'guest-sync'({ id }) {
    return id;
  },
  async 'guest-sync-delimited'({ id }) {
    return id;
  },
  async 'guest-ping'(_args, ctx: AgentContext) {
    ctx.log.audit('guest-ping called');
  },
  async 'guest-info'(_args, ctx: AgentContext) {
    return { version: AGENT_VERSION, supported_commands: supportedCommands(ctx) };
  },
};
