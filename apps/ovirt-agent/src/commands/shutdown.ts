/**
 * shutdown: `timeout` seconds (number or numeric string, default 0),
 * `message` (default "System is going down"), `reboot` ("True"/"False" as
 * VDSM sends it, or a JSON boolean; default false). A bad argument is logged
 * and its default used, except a `reboot` that is neither: then nothing
 * happens, since halting instead of rebooting (the reference) is worse.
 */
import type { OvirtMessage } from '@ga/framing/newline-json';
import type { AgentContext } from '../agent.js';
import { toBool, toInt, toStr } from '../protocol/args.js';

export const DEFAULT_SHUTDOWN_MESSAGE = 'System is going down';

export function shutdown(ctx: AgentContext, msg: OvirtMessage): void {
  const { log, actions } = ctx.deps;
  let delaySeconds = 0;
  if (msg.timeout !== undefined) {
    const t = toInt(msg.timeout);
    if (t === undefined) log.warn(`shutdown: timeout ${JSON.stringify(msg.timeout)} is not a number; using 0`);
    else delaySeconds = Math.max(0, t);
  }
  let message = DEFAULT_SHUTDOWN_MESSAGE;
  if (msg.message !== undefined) {
    const m = toStr(msg.message);
    if (m === undefined) log.warn('shutdown: message is not a string; using the default');
    else message = m;
  }
  let reboot = false;
  if (msg.reboot !== undefined) {
    const r = toBool(msg.reboot);
    if (r === undefined) {
      log.warn(`shutdown: ignored, reboot ${JSON.stringify(msg.reboot)} is neither true nor false`);
      return;
    }
    reboot = r;
  }
  log.info(`shutdown: ${reboot ? 'reboot' : 'halt'} in ${delaySeconds} s`);
  ctx.track(actions.shutdown({ delaySeconds, message, reboot }).catch((err: Error) => log.error(`shutdown failed: ${err.message}`)));
}
