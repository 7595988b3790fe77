/**
 * Every agent's log. Lines go to stderr (batched per event-loop turn), or to
 * the `-l` file, and `audit` lines (qemu-ga's "guest-ping called" and
 * friends, its `slog`) to syslog when a sink is given. A line names its level
 * as the agent's original does: qemu-ga writes `<unix-time.µs>: warning: text`;
 * the other agents `<program>: text`. When stderr is the journal the time is
 * left to the journal and an sd-daemon `<N>` prefix carries the priority.
 *
 * While filesystems are frozen nothing is written at all (a write to a frozen
 * filesystem would block the agent that must receive the thaw, qemu-ga.md
 * §3.6): lines are kept in memory, bounded, and written after the thaw. The
 * log file is only opened at the first unsuspended write, so an agent that
 * starts frozen does not touch it (qemu-ga defers it the same way); otherwise
 * it is opened at once, so a bad `-l` path is a start-up error.
 *
 * (This once sat on winston; with one transport written by hand for speed and
 * no format, winston had become a level check, so the request path no longer
 * goes through it.)
 */
import { closeSync, openSync } from 'node:fs';
import { strerror, errnoOf } from '@ga/native/errno';
import { BatchedFdStream, batchedStderr } from './batched-fd-stream.js';
import { stderrIsJournal } from './journal-stream.js';
import { SD_PRIORITY } from './log.js';
import type { Log, LogLevel } from './log.js';
import type { SyslogSink } from './syslog-socket.js';

/** Lines kept while frozen; beyond this only a count is kept. */
export const FROZEN_LOG_LIMIT = 10_000;

export interface AgentLog extends Log {
  /** What a command did, for the administrator: to syslog when there is a sink, else at info. */
  audit(msg: string): void;
  /** Whether debug lines are written (to skip building costly debug text). */
  readonly debugEnabled: boolean;
  /** Stop writing; keep lines in memory. */
  suspend(): void;
  /** Write what was kept, then continue normally. */
  resume(): void;
  readonly suspended: boolean;
  /** Write what is pending and close the file. */
  close(): Promise<void>;
}

export interface AgentLoggerOptions {
  /** Program name: the tag of `tagged` lines. */
  program: string;
  /** The least severe level written to stderr or the file. */
  level: LogLevel;
  /** How a line names its level (see the module comment). */
  style: 'qemu-ga' | 'tagged';
  logFile?: string;
  /** Start suspended (the agent starts in the frozen state). */
  suspended?: boolean;
  /** Where audit lines go; without one they are logged at info. */
  syslog?: SyslogSink;
  /** Default fd 2, batched per event-loop turn. */
  stderr?: NodeJS.WritableStream;
  /** Default: detected from JOURNAL_STREAM (journal-stream.ts). */
  journal?: boolean;
  /** Clock for the time stamps (ms since the epoch). */
  now?: () => number;
}

/** GLib's names, as qemu-ga prints them. */
const QEMU_GA_NAMES: Readonly<Record<LogLevel, string>> = { error: 'error', warn: 'warning', info: 'info', debug: 'debug' };
const RANK: Readonly<Record<LogLevel, number>> = { error: 0, warn: 1, info: 2, debug: 3 };

/** `<seconds>.<µs>` since the epoch, as GLib's "%s.%f". */
export function unixTime(ms: number): string {
  const us = BigInt(Math.round(ms * 1000));
  return `${us / 1_000_000n}.${(us % 1_000_000n).toString().padStart(6, '0')}`;
}

type Kept = { readonly level: LogLevel | 'audit'; readonly message: string; readonly time: number };

export function createAgentLogger(opts: AgentLoggerOptions): AgentLog {
  const now = opts.now ?? Date.now;
  const journal = !opts.logFile && (opts.journal ?? stderrIsJournal());
  const stderr = opts.stderr ?? batchedStderr();
  let out: BatchedFdStream | NodeJS.WritableStream | undefined = opts.logFile ? undefined : stderr;
  let fileFd: number | undefined;
  let suspended = opts.suspended ?? false;
  const kept: Kept[] = [];
  let dropped = 0;

  const openFile = (): void => {
    if (!opts.logFile || fileFd !== undefined) return;
    try {
      fileFd = openSync(opts.logFile, 'a');
    } catch (e) {
      const errno = errnoOf(e);
      throw new Error(`unable to open specified log file ${opts.logFile}: ${errno === undefined ? (e as Error).message : strerror(errno)}`);
    }
    out = new BatchedFdStream(fileFd);
  };
  if (!suspended) openFile();

  const format = (level: LogLevel, message: string, time: number): string => {
    if (opts.style === 'qemu-ga') {
      const name = QEMU_GA_NAMES[level];
      return journal ? `<${SD_PRIORITY[level]}>${name}: ${message}\n` : `${unixTime(time)}: ${name}: ${message}\n`;
    }
    if (journal) return `<${SD_PRIORITY[level]}>${opts.program}: ${message}\n`;
    return opts.logFile ? `${new Date(time).toISOString()} ${level} ${message}\n` : `${opts.program}: ${message}\n`;
  };

  const write = (k: Kept): void => {
    if (k.level === 'audit') {
      if (opts.syslog) opts.syslog.send(SD_PRIORITY.info, `info: ${k.message}`);
      else write({ ...k, level: 'info' });
      return;
    }
    if (RANK[k.level] > RANK[opts.level]) return;
    try {
      openFile();
    } catch {
      return; // became unopenable after start: nothing sensible to tell it to
    }
    const line = format(k.level, k.message, k.time);
    if (out instanceof BatchedFdStream) out.append(line);
    else out?.write(line);
  };

  const emit = (level: LogLevel | 'audit', message: string): void => {
    if (level !== 'audit' && RANK[level] > RANK[opts.level]) return;
    const k = { level, message, time: now() };
    if (!suspended) return write(k);
    if (kept.length < FROZEN_LOG_LIMIT) kept.push(k);
    else dropped++;
  };

  return {
    error: (m) => emit('error', m),
    warn: (m) => emit('warn', m),
    info: (m) => emit('info', m),
    debug: (m) => emit('debug', m),
    audit: (m) => emit('audit', m),
    debugEnabled: opts.level === 'debug',
    get suspended() {
      return suspended;
    },
    suspend() {
      suspended = true;
      // What was handed over goes out now, nothing after: nothing may reach a file being frozen.
      if (out instanceof BatchedFdStream) out.hold();
    },
    resume() {
      suspended = false;
      if (out instanceof BatchedFdStream) out.release();
      for (const k of kept.splice(0)) write(k);
      if (dropped > 0) write({ level: 'warn', message: `${dropped} log lines were dropped while filesystems were frozen`, time: now() });
      dropped = 0;
    },
    async close() {
      if (out instanceof BatchedFdStream) out.flush();
      if (fileFd !== undefined) {
        closeSync(fileFd);
        fileFd = undefined;
        out = undefined;
      }
      opts.syslog?.close();
    },
  };
}
