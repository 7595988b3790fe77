/**
 * What the host simulators' command lines share: the `--count`/`--idle`
 * options that end the receive loop, the loop itself, and the exit handling.
 */

/** yargs option definitions for `.options(RECEIVE_OPTIONS)`. */
export const RECEIVE_OPTIONS = {
  count: { alias: 'n', type: 'number', describe: 'exit after this many messages' },
  idle: { type: 'number', default: 2, describe: 'exit after this many quiet seconds' },
} as const;

/**
 * Print each message from `next` with `format` until `count` arrived (when
 * given) or none came for `idleSeconds`. Resolves false when `count` was given
 * and fewer arrived; the reason is then on stderr as `<name>: <reason>`.
 */
export async function printReceived<T>(opts: {
  name: string;
  count: number | undefined;
  idleSeconds: number;
  next: (timeoutMs: number) => Promise<T>;
  format: (message: T) => string;
}): Promise<boolean> {
  let received = 0;
  while (opts.count === undefined || received < opts.count) {
    let message: T;
    try {
      message = await opts.next(opts.idleSeconds * 1000);
    } catch (err) {
      if (opts.count !== undefined) console.error(`${opts.name}: ${(err as Error).message}`);
      break;
    }
    received++;
    console.log(opts.format(message));
  }
  return opts.count === undefined || received >= opts.count;
}

/** Run a CLI's `main` and exit with its status; a thrown error prints `<name>: <message>` and exits 1. */
export function runCli(name: string, main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`${name}: ${(err as Error).message}`);
      process.exit(1);
    },
  );
}
