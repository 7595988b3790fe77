/** echo: the arguments go back unchanged under the same name. */
import type { OvirtMessage } from '@ga/framing/newline-json';
import type { AgentContext } from '../agent.js';

export function echo(ctx: AgentContext, msg: OvirtMessage): void {
  const { __name__: _name, ...args } = msg;
  ctx.track(ctx.emit('echo', args));
}
