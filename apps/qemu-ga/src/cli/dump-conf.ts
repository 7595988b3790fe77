/**
 * `-D`: the effective configuration as a `[general]` key file, in qemu-ga's
 * key order (qemu-ga.md §3.1), plus `allow-rpcs` as newer qemu-ga prints and
 * our extras only when set.
 */
import type { AgentConfig } from '../context.js';

export function dumpConf(c: AgentConfig): string {
  const lines = ['[general]', `daemon=${c.daemonize}`, `method=${c.method}`, `path=${c.path}`];
  if (c.logFile !== undefined) lines.push(`logfile=${c.logFile}`);
  lines.push(`pidfile=${c.pidFile}`);
  if (c.fsfreezeHook !== undefined) lines.push(`fsfreeze-hook=${c.fsfreezeHook}`);
  lines.push(`statedir=${c.stateDir}`, `verbose=${c.verbose}`, `retry-path=${c.retryPath}`);
  lines.push(`block-rpcs=${c.blockRpcs.join(',')}`, `allow-rpcs=${(c.allowRpcs ?? []).join(',')}`);
  if (c.fsfreezeTimeoutSec !== undefined) lines.push(`fsfreeze-timeout=${c.fsfreezeTimeoutSec}`);
  if (c.execTimeoutSec !== undefined) lines.push(`exec-timeout=${c.execTimeoutSec}`);
  if (c.execRecordTtlSec !== undefined) lines.push(`exec-record-ttl=${c.execRecordTtlSec}`);
  return `${lines.join('\n')}\n`;
}
