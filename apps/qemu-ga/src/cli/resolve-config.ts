/**
 * From argv + environment + config file to what the process should do:
 * defaults, then `[general]` of the config file ($QGA_CONF, `-c`, or
 * /etc/qemu/qemu-ga.conf), then the command line, lists accumulating
 * (qemu-ga.md §3.2), all through the option table. Pure apart from the
 * injected file reader.
 */
import { readFileSync } from 'node:fs';
import { applyArgs, applyConfigGroup } from '@ga/options/config-apply';
import { parseArgs } from '@ga/options/getopt';
import { parseKeyFile } from '@ga/options/keyfile';
import { ConfigError, UsageError } from '@ga/options/option-table';
import { defaultPath } from '@ga/transport/spec';
import type { AgentConfig } from '../context.js';
import { DEFAULT_CONFIG_FILE, DEFAULT_VIRTIO_PATH, defaultConfig } from '../config/defaults.js';
import { QGA_OPTIONS } from './options.js';

export type CliAction = 'run' | 'help' | 'version' | 'dump-conf' | 'list-rpcs';

export interface ResolvedCli {
  readonly action: CliAction;
  readonly config: AgentConfig;
  /** Deprecation warnings to print on stderr ("config 'blacklist' is deprecated, ..."). */
  readonly warnings: readonly string[];
}

export interface ResolveDeps {
  readonly env: NodeJS.ProcessEnv;
  /** Reads a file as UTF-8; throws with `code` 'ENOENT' when absent. */
  readonly readFile: (path: string) => string;
}

const realDeps: ResolveDeps = { env: process.env, readFile: (p) => readFileSync(p, 'utf8') };

function loadConfigFile(config: AgentConfig, path: string, required: boolean, deps: ResolveDeps): string[] {
  let text: string;
  try {
    text = deps.readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !required) return [];
    throw new ConfigError(`error loading configuration from path: ${path}, ${(e as Error).message}`);
  }
  let general;
  try {
    general = parseKeyFile(text).get('general');
  } catch (e) {
    throw new ConfigError(`error loading configuration from path: ${path}, ${(e as Error).message}`);
  }
  return general ? applyConfigGroup(QGA_OPTIONS, config, general, path) : [];
}

/** Resolve the command line. Throws UsageError (unknown option) or ConfigError (bad config file or value). */
export function resolveCli(argv: readonly string[], deps: ResolveDeps = realDeps): ResolvedCli {
  const args = parseArgs(QGA_OPTIONS, argv);
  const config = defaultConfig();
  if (args.flags.has('help')) return { action: 'help', config, warnings: [] };
  if (args.flags.has('version')) return { action: 'version', config, warnings: [] };
  // "-b help" / "-a help" list the commands and exit, whatever else is given.
  for (const list of ['block-rpcs', 'allow-rpcs']) {
    if ((args.lists.get(list) ?? []).some((v) => v === 'help' || v === '?')) return { action: 'list-rpcs', config, warnings: [] };
  }
  const explicit = args.values.get('config');
  const warnings = loadConfigFile(config, explicit ?? deps.env.QGA_CONF ?? DEFAULT_CONFIG_FILE, explicit !== undefined, deps);
  warnings.push(...applyArgs(QGA_OPTIONS, config, args));
  // Socket activation replaces method and path; otherwise sockets need an explicit path.
  if (config.path === '' && deps.env.LISTEN_FDS === undefined) {
    const path = defaultPath(config.method, DEFAULT_VIRTIO_PATH);
    if (path === undefined) throw new ConfigError(`must specify a path for this channel (-p; method ${config.method})`);
    config.path = path;
  }
  return { action: args.flags.has('dump-conf') ? 'dump-conf' : 'run', config, warnings };
}

export { ConfigError, UsageError };
