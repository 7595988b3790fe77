/**
 * refresh and api-version (§3, §4.1). refresh never adopts the version it
 * carries; without one the agent drops to 0. api-version takes int() of the
 * value, clamps it to 0..3 and refreshes only when the version changed.
 */
import type { OvirtMessage } from '@ga/framing/newline-json';
import type { AgentContext } from '../agent.js';
import { toInt } from '../protocol/args.js';
import { REFRESH_BURST } from '../reports/bursts.js';

export function refresh(ctx: AgentContext, msg: OvirtMessage): void {
  ctx.refreshRequested();
  if (!('apiVersion' in msg)) ctx.setApiVersion(0);
  void ctx.burst(REFRESH_BURST);
}

export function apiVersion(ctx: AgentContext, msg: OvirtMessage): void {
  const v = toInt(msg.apiVersion);
  if (v === undefined) {
    ctx.deps.log.warn(`api-version: ignored, apiVersion ${JSON.stringify(msg.apiVersion ?? null)} is not an integer`);
    return;
  }
  if (ctx.setApiVersion(v)) void ctx.burst(REFRESH_BURST);
}
