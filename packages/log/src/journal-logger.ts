/**
 * The agents' stderr log: winston with sd-daemon(3) `<N>` priority prefixes,
 * which journald maps to priorities when the unit's stderr is the journal
 * (a line without a prefix would be logged at the unit's default, info).
 *
 * Never pass message payloads beyond a short preview: they may carry
 * credentials or clipboard contents.
 */
import winston from 'winston';
import TransportStream from 'winston-transport';
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
 * A winston transport writing `<N>tag: message` lines to `stream`; `tag`
 * may depend on the level (qemu-ga prints the level name there). It writes
 * the line itself, with no format and no stream of its own in between:
 * qemu-ga logs a line per request ("guest-ping called"), and winston's
 * Stream transport (a format copy, a Writable write and a setImmediate per
 * line) made a pipelined ping cost 9 µs of CPU instead of 6.5.
 */
export function journalTransport(stream: NodeJS.WritableStream, tag: string | ((level: LogLevel) => string)): winston.transport {
  const tagOf = typeof tag === 'string' ? () => tag : tag;
  const put = stream instanceof BatchedFdStream ? (line: string) => stream.append(line) : (line: string) => void stream.write(line);
  return new (class JournalTransport extends TransportStream {
    override log(info: { level: string; message: unknown }, next: () => void): void {
      const level = info.level as LogLevel;
      put(`<${SD_PRIORITY[level] ?? 6}>${tagOf(level)}: ${String(info.message)}\n`);
      next();
    }
  })();
}

/** A logger writing `<N>tag: message` lines at info level, or debug when `verbose`. */
export function createJournalLogger(opts: JournalLoggerOptions): JournalLogger {
  const stream = opts.stream ?? batchedStderr();
  const logger = winston.createLogger({
    levels: LOG_LEVELS,
    level: opts.verbose ? 'debug' : 'info',
    format: KEEP_ENTRY,
    transports: [journalTransport(stream, opts.tag)],
  });
  return {
    error: (m) => logger.error(m),
    warn: (m) => logger.warn(m),
    info: (m) => logger.info(m),
    debug: (m) => logger.debug(m),
    close: () =>
      new Promise<void>((resolve) => {
        logger.once('finish', () => {
          if (stream instanceof BatchedFdStream) stream.flush();
          resolve();
        });
        logger.end();
      }),
  };
}
