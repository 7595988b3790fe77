/**
 * The agent's log: winston to stderr with sd-daemon `<N>` priority prefixes
 * (journald maps them when the unit's stderr is the journal), or to the `-l`
 * file as `<unix-time.µs>: <level>: <text>` like qemu-ga. While filesystems
 * are frozen nothing is written at all (a write to a frozen filesystem would
 * block the agent that must receive the thaw, qemu-ga.md §3.6): lines are
 * kept in memory, bounded, and written after the thaw. The log file is only
 * opened at the first unsuspended write, so an agent that starts frozen does
 * not touch it (qemu-ga defers it the same way).
 *
 * Never pass passwords, file contents, request payloads or exec environments
 * here, not even at debug level.
 */
import winston from 'winston';
import { BatchedFdStream, batchedStderr } from '@ga/log/batched-fd-stream';
import { KEEP_ENTRY, LOG_LEVELS, SD_PRIORITY, journalTransport } from '@ga/log/journal-logger';
import type { LogLevel as Level } from '@ga/log/journal-logger';
import type { Logger } from '../context.js';

/** Lines kept while frozen; beyond this only a count is kept. */
export const FROZEN_LOG_LIMIT = 10_000;

export interface AgentLogger extends Logger {
  /** Stop writing; keep lines in memory. */
  suspend(): void;
  /** Write what was kept, then continue normally. */
  resume(): void;
  readonly suspended: boolean;
  /** Flush and close the transport. */
  close(): Promise<void>;
}

export interface LoggerOptions {
  verbose: boolean;
  logFile?: string;
  /** Start suspended (the agent starts in the frozen state). */
  suspended?: boolean;
  /** Where stderr lines go; default fd 2, batched per event-loop turn. */
  stderr?: NodeJS.WritableStream;
}

function unixTime(): string {
  const us = BigInt(Date.now()) * 1000n;
  return `${us / 1_000_000n}.${(us % 1_000_000n).toString().padStart(6, '0')}`;
}

export function createLogger(opts: LoggerOptions): AgentLogger {
  const level: Level = opts.verbose ? 'debug' : 'info';
  let backend: winston.Logger | undefined;
  let suspended = opts.suspended ?? false;
  const kept: { level: Level; message: string; time: string }[] = [];
  let dropped = 0;
  const stderr = opts.stderr ?? batchedStderr();

  const open = (): winston.Logger => {
    if (backend) return backend;
    const transport = opts.logFile
      ? new winston.transports.File({
          filename: opts.logFile,
          format: winston.format.printf((i) => `${String(i.time)}: ${i.level}: ${String(i.message)}`),
        })
      : journalTransport(stderr, (l) => l); // qemu-ga prints the level name where the others print a tag
    backend = winston.createLogger({ levels: LOG_LEVELS, level, format: KEEP_ENTRY, transports: [transport] });
    return backend;
  };

  // Only the -l file prints the time; the journal stamps stderr lines itself.
  const emit = (l: Level, message: string, time = opts.logFile ? unixTime() : ''): void => {
    if (SD_PRIORITY[l] > SD_PRIORITY[level]) return;
    if (suspended) {
      if (kept.length < FROZEN_LOG_LIMIT) kept.push({ level: l, message, time });
      else dropped++;
      return;
    }
    open().log({ level: l, message, time });
  };

  return {
    error: (m) => emit('error', m),
    warn: (m) => emit('warn', m),
    info: (m) => emit('info', m),
    debug: (m) => emit('debug', m),
    get suspended() {
      return suspended;
    },
    suspend() {
      suspended = true;
      // Lines already handed to winston go out now, later stragglers wait: nothing may reach a file being frozen.
      if (stderr instanceof BatchedFdStream) stderr.hold();
    },
    resume() {
      suspended = false;
      if (stderr instanceof BatchedFdStream) stderr.release();
      for (const k of kept.splice(0)) emit(k.level, k.message, k.time);
      if (dropped > 0) emit('warn', `${dropped} log lines were dropped while filesystems were frozen`);
      dropped = 0;
    },
    async close() {
      const b = backend;
      if (!b) return;
      await new Promise<void>((resolve) => {
        b.on('finish', () => {
          if (stderr instanceof BatchedFdStream) stderr.flush();
          resolve();
        });
        b.end();
        setTimeout(resolve, 500).unref();
      });
    },
  };
}
