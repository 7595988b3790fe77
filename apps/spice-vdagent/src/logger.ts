/**
 * The agent's log: winston to stderr with sd-daemon(3) `<N>` priority
 * prefixes, which journald maps to priorities when the unit's stderr is the
 * journal. Never log message payloads beyond a short preview: they may carry
 * clipboard contents.
 */
import winston from 'winston';

const SD_PRIORITY: Record<string, number> = { error: 3, warn: 4, info: 6, debug: 7 };

export interface Log {
  error(msg: string): void;
  warn(msg: string): void;
  info(msg: string): void;
  debug(msg: string): void;
}

/** A stderr logger at info level, or debug with `verbose`. */
export function createLogger(verbose: boolean, stream: NodeJS.WritableStream = process.stderr): Log & { close(): Promise<void> } {
  const logger = winston.createLogger({
    level: verbose ? 'debug' : 'info',
    format: winston.format.printf((i) => `<${SD_PRIORITY[i.level] ?? 6}>spice-vdagentd: ${String(i.message)}`),
    transports: [new winston.transports.Stream({ stream })],
  });
  return {
    error: (m) => logger.error(m),
    warn: (m) => logger.warn(m),
    info: (m) => logger.info(m),
    debug: (m) => logger.debug(m),
    // Resolves once every line reached the stream, so exiting right after loses nothing.
    close: () =>
      new Promise<void>((resolve) => {
        logger.once('finish', () => resolve());
        logger.end();
      }),
  };
}
