/** hibernate: `state` "disk" (default) or "mem". */
import type { OvirtMessage } from '@ga/framing/newline-json';
import { isHibernateState } from '@ga/guest-os/power/hibernate';
import type { AgentContext } from '../agent.js';

export function hibernate(ctx: AgentContext, msg: OvirtMessage): void {
  const { log, actions } = ctx.deps;
  const state = msg.state ?? 'disk';
  if (!isHibernateState(state)) {
    log.warn(`hibernate: ignored, state ${JSON.stringify(state)} is not "disk" or "mem"`);
    return;
  }
  log.info(`hibernate: ${state}`);
  ctx.track(actions.hibernate(state).catch((err: Error) => log.error(`hibernate failed: ${err.message}`)));
}
