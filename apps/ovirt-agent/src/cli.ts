/**
 * Command line: the reference agent's own options (`-d` daemonise,
 * `-p/--pidfile`, ovirt-guest-agent.md §4.2) plus this project's `--config`
 * (the config files to read for the channel), `--method/--path` (open another
 * transport, e.g. unix-listen for the demo and the tests) and `--verbose`.
 */
import yargs from 'yargs';
import { DEFAULT_CONFIG_FILES } from './channel-path.js';

export interface CliOptions {
  daemonize: boolean;
  pidfile: string | undefined;
  config: string[];
  method: string | undefined;
  path: string | undefined;
  verbose: boolean;
}

export async function parseCli(argv: string[]): Promise<CliOptions> {
  const a = await yargs(argv)
    .scriptName('ovirt-agent')
    .usage('$0 [-d] [-p PIDFILE] [--config FILE]... [--method METHOD --path PATH]')
    .option('d', { type: 'boolean', default: false, describe: 'daemonise (not yet: run it in the foreground under systemd)' })
    .option('pidfile', { alias: 'p', type: 'string', describe: 'write the process id to this file' })
    .option('config', { type: 'string', array: true, default: [...DEFAULT_CONFIG_FILES], describe: 'config files read in order for [virtio] device_prefix' })
    .option('method', { type: 'string', describe: 'channel method instead of the virtio port: virtio-serial, isa-serial, unix-listen, unix-connect, vsock-listen' })
    .option('path', { type: 'string', describe: 'channel path for --method (default: the virtio port from the config)' })
    .option('verbose', { alias: 'v', type: 'boolean', default: false, describe: 'debug logging' })
    .strict()
    .version(false)
    .help('help')
    .alias('help', 'h')
    .fail((msg, err) => {
      throw err ?? new Error(`${msg}; see ovirt-agent --help`);
    })
    .parseAsync();
  return { daemonize: a.d, pidfile: a.pidfile, config: a.config, method: a.method, path: a.path, verbose: a.verbose };
}
