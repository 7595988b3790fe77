/**
 * set-number-of-cpus: `count` (int or numeric string) > 0 brings that many
 * CPUs online, then `number-of-cpus` reports the result (API >= 1).
 * count 0, a negative or a non-number: logged, nothing sent (V8).
 */
import type { OvirtMessage } from '@ga/framing/newline-json';
import type { AgentContext } from '../agent.js';
import { toInt } from '../protocol/args.js';

export function setNumberOfCpus(ctx: AgentContext, msg: OvirtMessage): void {
  const { log, actions } = ctx.deps;
  const count = toInt(msg.count);
  if (count === undefined || count <= 0) {
    log.warn(`set-number-of-cpus: ignored, count ${JSON.stringify(msg.count ?? null)} is not a positive integer`);
    return;
  }
  ctx.track(
    (async () => {
      try {
        await actions.setCpuCount(count);
      } catch (err) {
        log.error(`set-number-of-cpus ${count} failed: ${(err as Error).message}`);
      }
      await ctx.burst(['number-of-cpus']);
    })(),
  );
}
