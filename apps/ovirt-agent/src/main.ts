/**
 * ovirt-agent entry point: argv -> channel -> echo (for now). Exit codes: 0
 * on SIGTERM/SIGINT, 1 on a startup error (the message says what to do).
 */
import { unlinkSync, writeFileSync } from 'node:fs';
import { createJournalLogger } from '@ga/log/journal-logger';
import { openChannel } from '@ga/transport/open';
import { parseChannelSpec } from '@ga/transport/spec';
import { channelPath } from './channel-path.js';
import { parseCli } from './cli.js';
import { attachEcho } from './echo.js';

async function main(): Promise<number> {
  let cli;
  try {
    cli = await parseCli(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`ovirt-agent: ${(err as Error).message}\n`);
    return 1;
  }
  const log = createJournalLogger({ tag: 'ovirt-agent', verbose: cli.verbose });
  if (cli.daemonize) log.warn('-d: daemonising is not implemented yet; staying in the foreground (use a systemd Type=simple unit)');
  const method = cli.method ?? 'virtio-serial';
  const path = cli.path ?? (method === 'virtio-serial' ? channelPath(cli.config) : '');
  const channel = await openChannel(parseChannelSpec(method, path));
  log.info(`listening on ${method} ${path}`);
  if (cli.pidfile) writeFileSync(cli.pidfile, `${process.pid}\n`);
  attachEcho(channel, log);
  channel.on('error', (err) => {
    log.error(`channel failed: ${err.message}`);
    process.exitCode = 1;
  });
  await new Promise<void>((resolve) => {
    const stop = (sig: string) => {
      log.info(`${sig}: stopping`);
      resolve();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  await channel.close();
  if (cli.pidfile) {
    try {
      unlinkSync(cli.pidfile);
    } catch {
      // already gone
    }
  }
  await log.close();
  return 0;
}

main().then(
  (code) => process.exit(process.exitCode ?? code),
  (err: unknown) => {
    process.stderr.write(`ovirt-agent: ${(err as Error).message}\n`);
    process.exit(1);
  },
);
