/** The options part of `--help`, from the table: names in a 20-column gutter, help text beside. */
import type { OptionSpec, OptionTable } from './option-table.js';

export interface HelpLayout {
  /** Width of the names gutter (qemu-ga: 20). */
  col?: number;
  /** Show the argument placeholder after the names (`--path PATH`). */
  argNames?: boolean;
}

function names<C>(o: OptionSpec<C>, argNames: boolean): string {
  const value = !argNames || !o.argName ? '' : o.arg === 'required' ? ` ${o.argName}` : o.arg === 'optional' ? `[=${o.argName}]` : '';
  return `${o.short ? `  -${o.short}, ` : '      '}--${o.long}${value}`;
}

export function optionsHelp<C>(table: OptionTable<C>, layout: HelpLayout = {}): string[] {
  const col = layout.col ?? 20;
  const out: string[] = [];
  for (const o of table.options) {
    if (o.hidden) continue;
    const label = names(o, layout.argNames ?? false);
    const [first, ...rest] = o.help.split('\n');
    if (label.length + 2 > col) {
      out.push(label);
      out.push(`${' '.repeat(col)}${first}`);
    } else {
      out.push(`${label.padEnd(col)}${first}`);
    }
    for (const line of rest) out.push(`${' '.repeat(col)}${line}`);
  }
  return out;
}
