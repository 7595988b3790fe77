/**
 * spice-vdagentd entry point: argv -> port -> echo (for now). Exit codes: 0
 * on SIGTERM/SIGINT/SIGHUP (or, with -o, when the first port session ends),
 * 1 on a startup error (the message says what to do).
 */
import { createJournalLogger } from '@ga/log/journal-logger';
import { openChannel } from '@ga/transport/open';
import { parseCli } from './cli.js';
import { attachEcho } from './echo.js';
import { portSpec } from './port-spec.js';

async function main(): Promise<number> {
  let cli;
  try {
    cli = await parseCli(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`spice-vdagentd: ${(err as Error).message}\n`);
    return 1;
  }
  const log = createJournalLogger({ tag: 'spice-vdagentd', verbose: cli.debug > 0 });
  const spec = portSpec(cli.portPath, cli.method, cli.path);
  const channel = await openChannel(spec);
  log.info(`opened ${spec.method} ${'path' in spec ? spec.path : `${spec.cid}:${spec.port}`}`);
  attachEcho(channel, log);
  let code = 0;
  await new Promise<void>((resolve) => {
    const stop = (why: string) => {
      log.info(`${why}: stopping`);
      resolve();
    };
    // The reference quits cleanly on SIGINT, SIGHUP and SIGTERM.
    for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.once(sig, () => stop(sig));
    channel.on('error', (err) => {
      log.error(`port failed: ${err.message}`);
      code = 1;
      resolve();
    });
    if (cli.onlyOnce) channel.on('hangup', () => stop('-o: port session ended'));
  });
  await channel.close();
  await log.close();
  return code;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`spice-vdagentd: ${(err as Error).message}\n`);
    process.exit(1);
  },
);
