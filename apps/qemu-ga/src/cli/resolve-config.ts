/**
 * From argv + environment + config file to what the process should do:
 * defaults, then `[general]` of the config file ($QGA_CONF, `-c`, or
 * /etc/qemu/qemu-ga.conf), then the command line, lists accumulating
 * (qemu-ga.md §3.2). Pure apart from the injected file reader.
 */
import { readFileSync } from 'node:fs';
import type { AgentConfig } from '../context.js';
import { DEFAULT_CONFIG_FILE, DEFAULT_FSFREEZE_HOOK, DEFAULT_VIRTIO_PATH, defaultConfig } from '../config/defaults.js';
import { defaultPath } from '@ga/transport/spec';
import type { ChannelMethod } from '@ga/transport';
import { keyFileBool, parseKeyFile } from './keyfile.js';
import { OPTIONS } from './options.js';
import { UsageError, parseArgs } from './parse-args.js';
import type { ParsedArgs } from './parse-args.js';

export type CliAction = 'run' | 'help' | 'version' | 'dump-conf' | 'list-rpcs';

export interface ResolvedCli {
  readonly action: CliAction;
  readonly config: AgentConfig;
}

/** A fatal configuration error (exit status 1, message on stderr). */
export class ConfigError extends Error {}

export interface ResolveDeps {
  readonly env: NodeJS.ProcessEnv;
  /** Reads a file as UTF-8; throws with `code` 'ENOENT' when absent. */
  readonly readFile: (path: string) => string;
}

const realDeps: ResolveDeps = { env: process.env, readFile: (p) => readFileSync(p, 'utf8') };

/**
 * qemu-ga's split_list() prepends each item, so every comma list ends up
 * reversed (visible in `-D` output); successive lists are appended.
 */
function splitList(text: string): string[] {
  return text
    .split(',')
    .filter((s) => s !== '')
    .reverse();
}

function parseSeconds(name: string, text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < 0) {
    throw new ConfigError(`invalid value '${text}' for ${name}: expected a number of seconds, e.g. 30 (0 = no limit)`);
  }
  return n;
}

function applyString(config: AgentConfig, key: string, value: string, source: string): void {
  switch (key) {
    case 'method':
      config.method = value as ChannelMethod;
      break;
    case 'path':
      config.path = value;
      break;
    case 'logfile':
    case 'logFile':
      config.logFile = value;
      break;
    case 'pidfile':
      config.pidFile = value;
      break;
    case 'fsfreeze-hook':
      config.fsfreezeHook = value === '' ? DEFAULT_FSFREEZE_HOOK : value;
      break;
    case 'statedir':
      config.stateDir = value;
      break;
    case 'command-timeout':
      config.commandTimeoutSec = parseSeconds(source, value);
      break;
    case 'fsfreeze-timeout': {
      const s = parseSeconds(source, value);
      config.fsfreezeTimeoutSec = s > 0 ? s : undefined;
      break;
    }
    case 'exec-record-ttl': {
      const s = parseSeconds(source, value);
      config.execRecordTtlSec = s > 0 ? s : undefined;
      break;
    }
    case 'exec-timeout': {
      const s = parseSeconds(source, value);
      config.execTimeoutSec = s > 0 ? s : undefined;
      break;
    }
  }
}

function applyBool(config: AgentConfig, key: string, value: boolean): void {
  if (key === 'daemon') config.daemonize = value;
  else if (key === 'verbose') config.verbose = value;
  else if (key === 'retry-path') config.retryPath = value;
}

function applyList(config: AgentConfig, key: string, items: string[]): void {
  if (key === 'block-rpcs') config.blockRpcs = [...config.blockRpcs, ...items];
  else if (key === 'allow-rpcs') config.allowRpcs = [...(config.allowRpcs ?? []), ...items];
}

function loadConfigFile(config: AgentConfig, path: string, required: boolean, deps: ResolveDeps): void {
  let text: string;
  try {
    text = deps.readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !required) return;
    throw new ConfigError(`error loading configuration from path: ${path}, ${(e as Error).message}`);
  }
  try {
    const general = parseKeyFile(text).get('general');
    if (!general) return;
    if (general.has('allow-rpcs') && general.has('block-rpcs')) {
      throw new Error('allow-rpcs and block-rpcs cannot both be set: keep only one of them');
    }
    for (const spec of OPTIONS) {
      const key = spec.configKey;
      if (!key || !general.has(key)) continue;
      const raw = general.get(key)!;
      if (spec.configType === 'bool') applyBool(config, key, keyFileBool(key, raw));
      else if (spec.configType === 'list') applyList(config, key, splitList(raw));
      else applyString(config, key, raw, `${key} in ${path}`);
    }
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw new ConfigError(`error loading configuration from path: ${path}, ${(e as Error).message}`);
  }
}

function applyArgs(config: AgentConfig, args: ParsedArgs): void {
  for (const spec of OPTIONS) {
    const key = spec.configKey ?? spec.long;
    if (spec.arg === 'none') {
      if (args.flags.has(spec.long)) applyBool(config, key, true);
    } else if (spec.configType === 'list') {
      for (const item of args.lists.get(spec.long) ?? []) applyList(config, key, splitList(item));
    } else {
      const v = args.values.get(spec.long);
      if (v !== undefined) applyString(config, key, v, `--${spec.long}`);
    }
  }
}

/**
 * Resolve the command line. Throws UsageError (unknown option) or
 * ConfigError (bad config file, -a with -b).
 */
export function resolveCli(argv: readonly string[], deps: ResolveDeps = realDeps): ResolvedCli {
  const args = parseArgs(argv);
  const config = defaultConfig();
  if (args.flags.has('help')) return { action: 'help', config };
  if (args.flags.has('version')) return { action: 'version', config };
  // "-b help" / "-a help" list the commands and exit, whatever else is given.
  for (const list of ['block-rpcs', 'allow-rpcs']) {
    if ((args.lists.get(list) ?? []).some((v) => v === 'help' || v === '?')) return { action: 'list-rpcs', config };
  }
  const explicit = args.values.get('config');
  loadConfigFile(config, explicit ?? deps.env.QGA_CONF ?? DEFAULT_CONFIG_FILE, explicit !== undefined, deps);
  applyArgs(config, args);
  if (config.allowRpcs !== undefined && config.blockRpcs.length > 0) {
    throw new ConfigError('--allow-rpcs and --block-rpcs cannot be used together: give either an allow-list or a block-list');
  }
  // Socket activation replaces method and path; otherwise sockets need an explicit path.
  if (config.path === '' && deps.env.LISTEN_FDS === undefined) {
    const path = defaultPath(config.method, DEFAULT_VIRTIO_PATH);
    if (path === undefined) throw new ConfigError(`must specify a path for this channel (-p; method ${config.method})`);
    config.path = path;
  }
  return { action: args.flags.has('dump-conf') ? 'dump-conf' : 'run', config };
}

export { UsageError };
