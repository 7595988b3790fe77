/**
 * Config values into the agent's config object, through each option's
 * `apply`: first the config file's group (keys as the table names them,
 * deprecated keys with a warning), then the command line. Lists accumulate
 * (file first), scalars: the command line wins.
 */
import { keyFileBool } from './keyfile.js';
import { ConfigError } from './option-table.js';
import type { OptionTable } from './option-table.js';
import type { ParsedArgs } from './getopt.js';

/** Apply one group of a config file (key -> raw text). Returns the deprecation warnings. */
export function applyConfigGroup<C>(table: OptionTable<C>, config: C, group: ReadonlyMap<string, string>, file: string, parseBool: (key: string, raw: string) => boolean = keyFileBool): string[] {
  const warnings: string[] = [];
  for (const spec of table.options) {
    if (!spec.apply) continue;
    const keys = [...(spec.configKey ? [spec.configKey] : []), ...(spec.deprecatedKeys ?? [])];
    for (const key of keys) {
      if (!group.has(key)) continue;
      if (key !== spec.configKey) warnings.push(`config '${key}' is deprecated, use '${spec.configKey ?? `--${spec.long}`}' instead`);
      const raw = group.get(key)!;
      try {
        spec.apply(config, spec.kind === 'bool' ? parseBool(key, raw) : raw, `${key} in ${file}`);
      } catch (e) {
        if (e instanceof ConfigError) throw e;
        throw new ConfigError(`error loading configuration from path: ${file}, ${(e as Error).message}`);
      }
    }
  }
  return warnings;
}

/** Apply the command line. Returns the deprecation warnings. */
export function applyArgs<C>(table: OptionTable<C>, config: C, args: ParsedArgs): string[] {
  for (const spec of table.options) {
    if (!spec.apply) continue;
    if (spec.arg === 'none') {
      const times = spec.kind === 'count' ? (args.counts.get(spec.long) ?? 0) : args.flags.has(spec.long) ? 1 : 0;
      for (let i = 0; i < times; i++) spec.apply(config, true, `--${spec.long}`);
    } else if (spec.kind === 'list') {
      for (const item of args.lists.get(spec.long) ?? []) spec.apply(config, item, `--${spec.long}`);
    } else {
      const v = args.values.get(spec.long);
      if (v !== undefined) spec.apply(config, v, `--${spec.long}`);
    }
  }
  return args.deprecated.map(([old, now]) => `option '${old}' is deprecated, use '${now}' instead`);
}

/** A number of seconds (0 allowed), or a ConfigError that says what is expected. */
export function parseSeconds(source: string, text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < 0) {
    throw new ConfigError(`invalid value '${text}' for ${source}: expected a number of seconds, e.g. 30 (0 = no limit)`);
  }
  return n;
}
