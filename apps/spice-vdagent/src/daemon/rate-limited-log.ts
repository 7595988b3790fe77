/**
 * Log lines a host or a broken setup can repeat endlessly (bad messages,
 * mouse events with no geometry, a missing session) are logged the first
 * time per key, then at most once a minute with the count suppressed: the
 * reference floods the journal with thousands of lines a boot (§5 item 5).
 */
import type { Log } from '@ga/log/log';

const WINDOW_MS = 60_000;

export class RateLimitedLog {
  private readonly seen = new Map<string, { at: number; suppressed: number }>();

  constructor(
    private readonly log: Log,
    private readonly now: () => number = Date.now,
  ) {}

  warn(key: string, msg: string): void {
    this.emit('warn', key, msg);
  }

  error(key: string, msg: string): void {
    this.emit('error', key, msg);
  }

  private emit(level: 'warn' | 'error', key: string, msg: string): void {
    const t = this.now();
    const s = this.seen.get(key);
    if (s && t - s.at < WINDOW_MS) {
      s.suppressed++;
      return;
    }
    const extra = s && s.suppressed > 0 ? ` (${s.suppressed} more like it suppressed)` : '';
    this.seen.set(key, { at: t, suppressed: 0 });
    this.log[level](msg + extra);
  }
}
