/**
 * The one logging interface of every agent: what code that only logs needs.
 * Implementations: agent-logger.ts (stderr, -l file, syslog; suspendable while
 * filesystems are frozen), or any test double with these four methods.
 *
 * Never pass passwords, clipboard contents or file data, not even at debug.
 */
export interface Log {
  error(msg: string): void;
  warn(msg: string): void;
  info(msg: string): void;
  debug(msg: string): void;
}

/** The four levels, most severe first. */
export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

/** sd-daemon(3) priority of each level (LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG). */
export const SD_PRIORITY: Readonly<Record<LogLevel, number>> = { error: 3, warn: 4, info: 6, debug: 7 };
