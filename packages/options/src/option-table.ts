/**
 * An agent's command line and config file as data: one table per agent
 * drives getopt-style parsing (getopt.ts), the config file's keys
 * (config-apply.ts), `--help` (help.ts), the `-D`-style dump (dump.ts) and
 * the man page (tools/pkg reads the table). `C` is the agent's configuration object; each
 * option says how a value lands in it and how it reads back.
 */

/** How an option takes its argument (getopt: none, `x:` required, `x::` optional and attached). */
export type ArgMode = 'none' | 'required' | 'optional';

/** How a value is read: a flag/boolean, a flag that counts (`-dd`), a string, a number, or a list that accumulates. */
export type ValueKind = 'bool' | 'count' | 'string' | 'number' | 'list';

/** A value as it reaches `apply`: booleans for flags and bool keys, the raw text otherwise. */
export type OptionValue = boolean | string;

export interface OptionSpec<C> {
  readonly long: string;
  readonly short?: string;
  readonly arg: ArgMode;
  readonly kind: ValueKind;
  /** Placeholder in help. */
  readonly argName?: string;
  /** Help text, already wrapped for the 20-column layout. */
  readonly help: string;
  /** Accepted but not listed in --help (e.g. a Windows-only option on Linux). */
  readonly hidden?: boolean;
  /** The option's key in the config file's group, when it has one. */
  readonly configKey?: string;
  /** Old spellings of the long name and the key, accepted with a deprecation warning. */
  readonly deprecatedLongs?: readonly string[];
  readonly deprecatedKeys?: readonly string[];
  /** Put a value into the config; `source` names where it came from, for error messages. Throw to refuse it. */
  readonly apply?: (config: C, value: OptionValue, source: string) => void;
  /** The option's config-file value for a dump; undefined = no line. */
  readonly dump?: (config: C) => string | undefined;
  /** Position in the dump when the original's key order differs from the table's (lower first). */
  readonly dumpOrder?: number;
}

export interface OptionTable<C> {
  /** Program name, for messages and pages. */
  readonly program: string;
  /** The config file's group (GLib key file) or section (ConfigParser) these keys live in. */
  readonly configGroup?: string;
  readonly options: readonly OptionSpec<C>[];
}

/** A bad command line; the agent prints it with its own "try --help" line. */
export class UsageError extends Error {}

/** A bad config file or value; the agent prints it and exits 1. */
export class ConfigError extends Error {}

/** The spec with this long name, short name or deprecated long name. */
export function findOption<C>(table: OptionTable<C>, name: string): OptionSpec<C> | undefined {
  return table.options.find((o) => o.long === name || o.short === name || o.deprecatedLongs?.includes(name));
}
