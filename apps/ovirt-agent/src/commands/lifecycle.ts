/**
 * lifecycle-event: runs hooks.d/<type>/ (a timeout per hook, a budget well
 * inside VDSM's 10 s wait), then answers `completion` {reply_id, done: true}
 * whenever a reply_id came (API 3) — also for unknown types and missing
 * directories, unlike the reference. `failure` is logged only.
 */
import type { OvirtMessage } from '@ga/framing/newline-json';
import type { AgentContext } from '../agent.js';
import { toStr } from '../protocol/args.js';

export const HOOK_EVENTS = ['before_migration', 'after_migration', 'before_hibernation', 'after_hibernation'] as const;

export function lifecycleEvent(ctx: AgentContext, msg: OvirtMessage): void {
  const { log, actions } = ctx.deps;
  const type = msg.type;
  const replyId = msg.reply_id === undefined ? undefined : toStr(msg.reply_id);
  if (msg.reply_id !== undefined && replyId === undefined) log.warn('lifecycle-event: reply_id is not a string; no completion can be sent');
  ctx.track(
    (async () => {
      if (typeof type === 'string' && (HOOK_EVENTS as readonly string[]).includes(type)) {
        log.info(`lifecycle-event ${type}${msg.failure === true ? ' (failure)' : ''}: running hooks`);
        try {
          const r = await actions.runHooks(type);
          if (r.missing) log.info(`lifecycle-event ${type}: no hook directory`);
          for (const h of r.results) {
            const how = h.error ?? (h.timedOut ? 'timed out' : h.exitCode === 0 ? 'ok' : `exit ${h.exitCode ?? h.signal}`);
            const line = `hook ${type}/${h.name}: ${how}${h.output ? `: ${h.output.trim().slice(0, 500)}` : ''}`;
            if (h.exitCode === 0) log.info(line);
            else log.warn(line);
          }
        } catch (err) {
          log.error(`lifecycle-event ${type}: hooks failed: ${(err as Error).message}`);
        }
      } else {
        log.warn(`lifecycle-event: unknown type ${JSON.stringify(type ?? null)}`);
      }
      if (replyId !== undefined) await ctx.emit('completion', { reply_id: replyId, done: true });
    })(),
  );
}
