/**
 * qemu-ga entry point: argv -> config -> (daemon) -> agent.
 * Exit codes: 0 after --help/-V/-D/-b help or a clean stop, 1 on any
 * startup error (message on stderr).
 */
import { ensureThreadpool } from '@ga/transport/threadpool';
import { dumpConf } from './cli/dump-conf.js';
import { helpText, versionText } from './cli/help.js';
import { ConfigError, UsageError, resolveCli } from './cli/resolve-config.js';
import { commandsFor } from './schema/commands.js';
import { enterDaemonChild, isDaemonChild, reportToParent, spawnDaemon } from './runtime/daemonize.js';
import { startAgent } from './runtime/agent.js';
import { tuneRuntime } from './runtime/tuning.js';

async function main(argv: string[]): Promise<number> {
  tuneRuntime();
  let cli;
  try {
    cli = resolveCli(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`qemu-ga: ${e.message}\nUnknown option, try 'qemu-ga --help' for more information.\n`);
      return 1;
    }
    if (e instanceof ConfigError) {
      process.stderr.write(`qemu-ga: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  switch (cli.action) {
    case 'help':
      process.stdout.write(helpText());
      return 0;
    case 'version':
      process.stdout.write(versionText());
      return 0;
    case 'list-rpcs':
      process.stdout.write(commandsFor().map((c) => `${c.name}\n`).join(''));
      return 0;
    case 'dump-conf':
      process.stdout.write(dumpConf(cli.config));
      return 0;
    case 'run':
      break;
  }
  const config = cli.config;
  const child = isDaemonChild();
  if (config.daemonize && !child) {
    const script = process.argv[1] ?? '';
    const r = await spawnDaemon([script, ...argv]);
    if (r.message) process.stderr.write(`qemu-ga: ${r.message}\n`);
    return r.code;
  }
  if (child) enterDaemonChild();
  ensureThreadpool();
  let agent;
  try {
    agent = await startAgent(config);
  } catch (e) {
    const msg = (e as Error).message;
    if (child) reportToParent(msg);
    process.stderr.write(`qemu-ga: ${msg}\nqemu-ga: failed to start the guest agent\n`);
    return 1;
  }
  if (child) reportToParent();
  // A stray rejection in one command must not take the agent down; log it and keep serving.
  process.on('unhandledRejection', (reason) => {
    agent.log.error(`unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`);
  });
  for (const sig of ['SIGTERM', 'SIGINT'] as const) {
    process.on(sig, () => {
      void agent.stop(`received ${sig}`).then(() => process.exit(0));
    });
  }
  return -1; // keep running
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`qemu-ga: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
