/**
 * The agents' stderr log: sd-daemon(3) `<N>` priority prefixes,
 * which journald maps to priorities when the unit's stderr is the journal
 * (a line without a prefix would be logged at the unit's default, info).
 *
 * Never pass message payloads beyond a short preview: they may carry
 * credentials or clipboard contents.
 */
import winston from 'winston';
import { BatchedFdStream, batchedStderr } from './batched-fd-stream.js';

/** sd-daemon(3) priority of each level (LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG). */
export const SD_PRIORITY = { error: 3, warn: 4, info: 6, debug: 7 } as const;

export type LogLevel = keyof typeof SD_PRIORITY;

/** winston's level table for these four levels, most severe first. */
export const LOG_LEVELS: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

/**
 * For winston.createLogger: leaves the entry as it is. The default there is
 * format.json(), a JSON serialisation of every entry that the transports'
 * own formats then ignore; it cost more than the rest of logging a line.
 */
export const KEEP_ENTRY = winston.format((entry) => entry)();

/** What code that only logs needs. */
export interface Log {
  error(msg: string): void;
  warn(msg: string): void;
  info(msg: string): void;
  debug(msg: string): void;
}

export interface JournalLogger extends Log {
  /** Resolves once every line reached the stream, so exiting right after loses nothing. */
  close(): Promise<void>;
}

export interface JournalLoggerOptions {
  /** Text between the prefix and the message: `<6>tag: message`. */
  tag: string;
  /** Log debug lines too (default: info and above). */
  verbose: boolean;
  /** Default: fd 2 through {@link batchedStderr} (one write per event-loop turn). */
  stream?: NodeJS.WritableStream;
}

/**
 * Writes `<N>tag: message` lines to `stream`; `tag` may depend on the level
 * (qemu-ga prints the level name there). Straight to the stream, not through
 * winston: qemu-ga logs a line per request ("guest-ping called"), and
 * winston's three stream hops per line were 40 % of a pipelined ping's CPU
 * (measured: 21-25 against 12.5-15 µs per ping without them).
 */
export function journalWriter(stream: NodeJS.WritableStream, tag: string | ((level: LogLevel) => string)): (level: LogLevel, message: string) => void {
  const tagOf = typeof tag === 'string' ? () => tag : tag;
  const put = stream instanceof BatchedFdStream ? (line: string) => stream.append(line) : (line: string) => void stream.write(line);
  return (level, message) => put(`<${SD_PRIORITY[level]}>${tagOf(level)}: ${message}\n`);
}

/** A logger writing `<N>tag: message` lines at info level, or debug when `verbose`. */
export function createJournalLogger(opts: JournalLoggerOptions): JournalLogger {
  const stream = opts.stream ?? batchedStderr();
  const max = SD_PRIORITY[opts.verbose ? 'debug' : 'info'];
  const write = journalWriter(stream, opts.tag);
  const log = (level: LogLevel) => (m: string) => {
    if (SD_PRIORITY[level] <= max) write(level, m);
  };
  return {
    error: log('error'),
    warn: log('warn'),
    info: log('info'),
    debug: log('debug'),
    close: () =>
      new Promise<void>((resolve) => {
        if (stream instanceof BatchedFdStream) {
          stream.flush();
          resolve();
        } else stream.end(resolve);
      }),
  };
}
