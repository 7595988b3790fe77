/** lock-screen and log-off: through logind (the executor). */
import type { AgentContext } from '../agent.js';

export function lockScreen(ctx: AgentContext): void {
  const { log, actions } = ctx.deps;
  log.info('lock-screen');
  ctx.track(actions.lockScreen().catch((err: Error) => log.error(`lock-screen failed: ${err.message}`)));
}

export function logOff(ctx: AgentContext): void {
  const { log, actions } = ctx.deps;
  log.info('log-off');
  ctx.track(actions.logOff().catch((err: Error) => log.error(`log-off failed: ${err.message}`)));
}
