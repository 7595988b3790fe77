/** The effective configuration as a config file (`-D`): the group, then each option's line in the original's order. */
import type { OptionTable } from './option-table.js';

export function dumpConfig<C>(table: OptionTable<C>, config: C): string {
  const specs = table.options
    .map((o, i) => ({ o, rank: o.dumpOrder ?? 1000 + i }))
    .filter(({ o }) => o.dump && o.configKey)
    .sort((a, b) => a.rank - b.rank);
  const lines = table.configGroup ? [`[${table.configGroup}]`] : [];
  for (const { o } of specs) {
    const v = o.dump!(config);
    if (v !== undefined) lines.push(`${o.configKey}=${v}`);
  }
  return `${lines.join('\n')}\n`;
}
