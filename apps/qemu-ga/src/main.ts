/**
 * qemu-ga entry point: argv -> config -> (daemon) -> agent, on the shared
 * process shell (@ga/process/process-shell: title, signals, -d handshake,
 * exit codes 0 after --help/-V/-D/-b help or a clean stop, 1 on any start-up
 * error with the message on stderr).
 */
import { runProcess } from '@ga/process/process-shell';
import type { Outcome } from '@ga/process/process-shell';
import { tuneRuntime } from '@ga/process/runtime-tuning';
import { ensureThreadpool } from '@ga/transport/threadpool';
import { dumpConfig } from '@ga/options/dump';
import { QGA_OPTIONS } from './cli/options.js';
import { helpText, versionText } from './cli/help.js';
import { ConfigError, UsageError, resolveCli } from './cli/resolve-config.js';
import { commandsFor } from './schema/commands.js';
import { startAgent } from './runtime/agent.js';

function decide(argv: string[]): Outcome {
  tuneRuntime();
  let cli;
  try {
    cli = resolveCli(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`qemu-ga: ${e.message}\nUnknown option, try 'qemu-ga --help' for more information.\n`);
      return { exit: 1 };
    }
    if (e instanceof ConfigError) {
      process.stderr.write(`qemu-ga: ${e.message}\n`);
      return { exit: 1 };
    }
    throw e;
  }
  for (const w of cli.warnings) process.stderr.write(`qemu-ga: warning: ${w}\n`);
  const print = (text: string): Outcome => {
    process.stdout.write(text);
    return { exit: 0 };
  };
  switch (cli.action) {
    case 'help':
      return print(helpText());
    case 'version':
      return print(versionText());
    case 'list-rpcs':
      return print(commandsFor().map((c) => `${c.name}\n`).join(''));
    case 'dump-conf':
      return print(dumpConfig(QGA_OPTIONS, cli.config));
    case 'run':
      break;
  }
  const config = cli.config;
  return {
    daemonize: config.daemonize,
    start: async () => {
      ensureThreadpool();
      return startAgent(config);
    },
  };
}

runProcess({ program: 'qemu-ga', startFailure: 'failed to start the guest agent' }, () => decide(process.argv.slice(2)));
