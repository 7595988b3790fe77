/** Command name -> handler. Unknown names are logged and ignored (§3). */
import { NAME_KEY, type OvirtMessage } from '@ga/framing/newline-json';
import type { AgentContext } from '../agent.js';
import { echo } from './echo.js';
import { hibernate } from './hibernate.js';
import { lifecycleEvent } from './lifecycle.js';
import { login } from './login.js';
import { apiVersion, refresh } from './refresh.js';
import { lockScreen, logOff } from './session.js';
import { setNumberOfCpus } from './set-cpus.js';
import { shutdown } from './shutdown.js';

const HANDLERS: Record<string, (ctx: AgentContext, msg: OvirtMessage) => void> = {
  refresh,
  'api-version': apiVersion,
  echo,
  'lock-screen': lockScreen,
  'log-off': logOff,
  login,
  shutdown,
  hibernate,
  'set-number-of-cpus': setNumberOfCpus,
  'lifecycle-event': lifecycleEvent,
};

export function dispatchCommand(ctx: AgentContext, msg: OvirtMessage): void {
  const name = msg[NAME_KEY];
  const handler = Object.hasOwn(HANDLERS, name) ? HANDLERS[name] : undefined;
  if (!handler) {
    ctx.deps.log.warn(`unknown command ${JSON.stringify(name.slice(0, 100))} ignored`);
    return;
  }
  ctx.deps.log.debug(`command ${name}${name === 'login' ? '' : ` ${Object.keys(msg).filter((k) => k !== NAME_KEY).join(',')}`}`);
  handler(ctx, msg);
}
