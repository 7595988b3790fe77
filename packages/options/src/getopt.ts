/**
 * Command-line parsing with getopt_long's rules (what the C agents use), then
 * yargs for typing: argv is first normalised to `--long[=value]` tokens so
 * that the original's spellings all work — clustered short flags (`-dv`),
 * attached values (`-p/tmp/s`), unambiguous long prefixes (`--meth`), and
 * optional arguments, which must be attached (`-F/path`; `-F /path` leaves
 * /path as an ignored operand, as getopt does).
 */
import { UsageError, findOption } from './option-table.js';
import type { OptionSpec, OptionTable } from './option-table.js';

/** Values given on the command line, keyed by long name. */
export interface ParsedArgs {
  /** Scalar options: last occurrence wins. Optional-argument options given bare have value ''. */
  readonly values: ReadonlyMap<string, string>;
  /** Flags given (arg mode 'none'). */
  readonly flags: ReadonlySet<string>;
  /** How often each flag was given (`-dd`). */
  readonly counts: ReadonlyMap<string, number>;
  /** List options: every occurrence, in order. */
  readonly lists: ReadonlyMap<string, readonly string[]>;
  /** Deprecated spellings used, as "--old" -> "--new" pairs for the warning. */
  readonly deprecated: readonly (readonly [string, string])[];
  /** Operands (getopt permutes them away; the agent may ignore or use them). */
  readonly operands: readonly string[];
}

function matchLong<C>(table: OptionTable<C>, name: string, deprecated: [string, string][]): OptionSpec<C> {
  const exact = findOption(table, name);
  if (exact && exact.short !== name) {
    if (exact.long !== name) deprecated.push([`--${name}`, `--${exact.long}`]);
    return exact;
  }
  const hits = new Set<OptionSpec<C>>();
  let viaOld = false;
  for (const o of table.options) {
    if (o.long.startsWith(name)) hits.add(o);
    else if (o.deprecatedLongs?.some((d) => d.startsWith(name))) {
      hits.add(o);
      viaOld = true;
    }
  }
  // As glibc: several names of one option are no ambiguity.
  if (hits.size === 1) {
    const spec = [...hits][0]!;
    if (viaOld && !spec.long.startsWith(name)) deprecated.push([`--${name}`, `--${spec.long}`]);
    return spec;
  }
  if (hits.size > 1) throw new UsageError(`option '--${name}' is ambiguous`);
  throw new UsageError(`unrecognized option '--${name}'`);
}

/** getopt_long normalisation to `--long` / `--long=value` tokens (long = the spec's current name). */
export function normalizeArgv<C>(table: OptionTable<C>, argv: readonly string[]): { tokens: string[]; operands: string[]; deprecated: [string, string][] } {
  const tokens: string[] = [];
  const operands: string[] = [];
  const deprecated: [string, string][] = [];
  for (let i = 0; i < argv.length; i++) {
    const tok = argv[i]!;
    if (tok === '--') {
      operands.push(...argv.slice(i + 1));
      break;
    }
    if (tok.startsWith('--')) {
      const eq = tok.indexOf('=');
      const spec = matchLong(table, eq < 0 ? tok.slice(2) : tok.slice(2, eq), deprecated);
      if (eq >= 0) {
        if (spec.arg === 'none') throw new UsageError(`option '--${spec.long}' doesn't allow an argument`);
        tokens.push(`--${spec.long}=${tok.slice(eq + 1)}`);
      } else if (spec.arg === 'required') {
        const next = argv[++i];
        if (next === undefined) throw new UsageError(`option '--${spec.long}' requires an argument`);
        tokens.push(`--${spec.long}=${next}`);
      } else {
        tokens.push(spec.arg === 'optional' ? `--${spec.long}=` : `--${spec.long}`);
      }
      continue;
    }
    if (tok.startsWith('-') && tok.length > 1) {
      for (let j = 1; j < tok.length; j++) {
        const spec = table.options.find((o) => o.short === tok[j]);
        if (!spec) throw new UsageError(`invalid option -- '${tok[j]}'`);
        const rest = tok.slice(j + 1);
        if (spec.arg === 'none') {
          tokens.push(`--${spec.long}`);
          continue;
        }
        if (rest !== '') tokens.push(`--${spec.long}=${rest}`);
        else if (spec.arg === 'optional') tokens.push(`--${spec.long}=`);
        else {
          const next = argv[++i];
          if (next === undefined) throw new UsageError(`option requires an argument -- '${spec.short}'`);
          tokens.push(`--${spec.long}=${next}`);
        }
        break;
      }
      continue;
    }
    operands.push(tok);
  }
  return { tokens, operands, deprecated };
}

/**
 * Parse argv (without node and script). Throws UsageError. normalizeArgv has
 * already checked every token against the table, so what is left is sorting
 * them: flags counted, scalars last-wins, lists in order. (This was yargs;
 * with getopt's rules done first it had nothing left to do but cost 4 MiB
 * and 25 ms at every start.)
 */
export function parseArgs<C>(table: OptionTable<C>, argv: readonly string[]): ParsedArgs {
  const { tokens, operands, deprecated } = normalizeArgv(table, argv);
  const values = new Map<string, string>();
  const flags = new Set<string>();
  const counts = new Map<string, number>();
  const lists = new Map<string, string[]>();
  for (const tok of tokens) {
    const eq = tok.indexOf('=');
    const long = eq < 0 ? tok.slice(2) : tok.slice(2, eq);
    const spec = table.options.find((o) => o.long === long)!;
    if (eq < 0) {
      flags.add(long);
      counts.set(long, (counts.get(long) ?? 0) + 1);
    } else if (spec.kind === 'list') lists.set(long, [...(lists.get(long) ?? []), tok.slice(eq + 1)]);
    else values.set(long, tok.slice(eq + 1));
  }
  return { values, flags, counts, lists, deprecated, operands };
}
