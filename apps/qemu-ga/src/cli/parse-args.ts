/**
 * Command-line parsing with getopt_long's rules (what qemu-ga uses), then
 * yargs for typing: argv is first normalised to `--long[=value]` tokens so
 * that qemu-ga's spellings all work — clustered short flags (`-dv`),
 * attached values (`-p/tmp/s`), unambiguous long prefixes (`--meth`), and
 * `-F`'s optional argument, which must be attached (`-F/path`; `-F /path`
 * leaves /path as an ignored operand, as getopt does).
 */
import yargs from 'yargs';
import { OPTIONS, findOption } from './options.js';
import type { OptionSpec } from './options.js';

const KEY_PREFIX = 'qga-';

/** An option error; the CLI prints it with qemu-ga's "Unknown option, try ..." line. */
export class UsageError extends Error {}

/** Values given on the command line, keyed by long name; lists keep every occurrence. */
export interface ParsedArgs {
  /** Scalar options: last occurrence wins. Optional-argument options given bare have value ''. */
  readonly values: ReadonlyMap<string, string>;
  /** Flags given (arg mode 'none'). */
  readonly flags: ReadonlySet<string>;
  /** `--block-rpcs`/`--allow-rpcs` occurrences, in order. */
  readonly lists: ReadonlyMap<string, readonly string[]>;
}

function matchLong(name: string): OptionSpec {
  const exact = OPTIONS.find((o) => o.long === name);
  if (exact) return exact;
  const prefixed = OPTIONS.filter((o) => o.long.startsWith(name));
  if (prefixed.length === 1) return prefixed[0]!;
  if (prefixed.length > 1) throw new UsageError(`option '--${name}' is ambiguous`);
  throw new UsageError(`unrecognized option '--${name}'`);
}

/** getopt_long normalisation to `--long` / `--long=value` tokens. */
export function normalizeArgv(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const tok = argv[i]!;
    if (tok === '--') break;
    if (tok.startsWith('--')) {
      const eq = tok.indexOf('=');
      const spec = matchLong(eq < 0 ? tok.slice(2) : tok.slice(2, eq));
      if (eq >= 0) {
        if (spec.arg === 'none') throw new UsageError(`option '--${spec.long}' doesn't allow an argument`);
        out.push(`--${spec.long}=${tok.slice(eq + 1)}`);
      } else if (spec.arg === 'required') {
        const next = argv[++i];
        if (next === undefined) throw new UsageError(`option '--${spec.long}' requires an argument`);
        out.push(`--${spec.long}=${next}`);
      } else {
        out.push(spec.arg === 'optional' ? `--${spec.long}=` : `--${spec.long}`);
      }
      continue;
    }
    if (tok.startsWith('-') && tok.length > 1) {
      for (let j = 1; j < tok.length; j++) {
        const spec = findOption(tok[j]!);
        if (!spec || spec.short !== tok[j]) throw new UsageError(`invalid option -- '${tok[j]}'`);
        const rest = tok.slice(j + 1);
        if (spec.arg === 'none') {
          out.push(`--${spec.long}`);
          continue;
        }
        if (rest !== '') out.push(`--${spec.long}=${rest}`);
        else if (spec.arg === 'optional') out.push(`--${spec.long}=`);
        else {
          const next = argv[++i];
          if (next === undefined) throw new UsageError(`option requires an argument -- '${spec.short}'`);
          out.push(`--${spec.long}=${next}`);
        }
        break;
      }
      continue;
    }
    // An operand: getopt permutes it away and qemu-ga never looks at it.
  }
  return out;
}

/** Parse qemu-ga's argv (without node and script). Throws UsageError. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  // yargs reserves "help" and "version" even when disabled: give it prefixed keys.
  const tokens = normalizeArgv(argv).map((t) => `--${KEY_PREFIX}${t.slice(2)}`);
  const yargsOptions = Object.fromEntries(
    OPTIONS.map((o) => [KEY_PREFIX + o.long, o.arg === 'none' ? { type: 'boolean' as const } : { type: 'string' as const, array: o.configType === 'list' }]),
  );
  const parsed = yargs(tokens)
    .parserConfiguration({
      'camel-case-expansion': false,
      'duplicate-arguments-array': true,
      'boolean-negation': false,
      'short-option-groups': false,
      'dot-notation': false,
      'parse-numbers': false,
      'parse-positional-numbers': false,
    })
    .options(yargsOptions)
    .strict()
    .help(false)
    .version(false)
    .exitProcess(false)
    .fail((msg, err) => {
      throw new UsageError(err?.message ?? msg);
    })
    .parseSync() as Record<string, unknown>;
  const values = new Map<string, string>();
  const flags = new Set<string>();
  const lists = new Map<string, string[]>();
  for (const o of OPTIONS) {
    const v = parsed[KEY_PREFIX + o.long];
    if (v === undefined) continue;
    if (o.arg === 'none') {
      if (v === true || (Array.isArray(v) && v.includes(true))) flags.add(o.long);
    } else {
      const all = (Array.isArray(v) ? v : [v]).map(String);
      if (o.configType === 'list') lists.set(o.long, all);
      else values.set(o.long, all[all.length - 1]!);
    }
  }
  return { values, flags, lists };
}
