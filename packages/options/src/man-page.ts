/** A man page (roff, man(7) macros) from the option table: the same text as --help, laid out for man. */
import type { OptionTable } from './option-table.js';

export interface ManPage {
  /** Section, e.g. 8 for daemons. */
  section: number;
  /** One line after the name: "QEMU Guest Agent". */
  summary: string;
  /** The SYNOPSIS line(s) without the program name. */
  synopsis: string;
  /** DESCRIPTION paragraphs. */
  description: readonly string[];
  /** FILES: path -> what it is. */
  files?: readonly (readonly [string, string])[];
  /** SEE ALSO entries, e.g. "systemd(1)". */
  seeAlso?: readonly string[];
  /** Footer version, e.g. "guest-agents 0.1.0". */
  source: string;
  /** Date in the footer (YYYY-MM-DD); fixed for reproducible packages. */
  date: string;
}

/** Escape text for roff: backslashes, leading dots/quotes, hyphens in option names. */
function esc(text: string): string {
  return text
    .replace(/\\/g, '\\e')
    .replace(/-/g, '\\-')
    .split('\n')
    .map((l) => (/^[.']/.test(l) ? `\\&${l}` : l))
    .join('\n');
}

export function renderManPage<C>(table: OptionTable<C>, page: ManPage): string {
  const name = table.program;
  const out = [
    `.TH ${name.toUpperCase()} ${page.section} "${page.date}" "${page.source}"`,
    '.SH NAME',
    `${esc(name)} \\- ${esc(page.summary)}`,
    '.SH SYNOPSIS',
    `.B ${esc(name)}`,
    esc(page.synopsis),
    '.SH DESCRIPTION',
    ...page.description.flatMap((p) => ['.PP', esc(p)]),
    '.SH OPTIONS',
  ];
  for (const o of table.options) {
    if (o.hidden) continue;
    const arg = o.argName ? (o.arg === 'required' ? ` \\fI${esc(o.argName)}\\fR` : o.arg === 'optional' ? `[=\\fI${esc(o.argName)}\\fR]` : '') : '';
    const names = [o.short ? `\\fB\\-${o.short}\\fR` : undefined, `\\fB\\-\\-${esc(o.long)}\\fR${arg}`].filter(Boolean).join(', ');
    out.push('.TP', names, esc(o.help.replace(/\n/g, ' ')));
    if (o.configKey) out.push(`Config key: \\fB${esc(o.configKey)}\\fR${table.configGroup ? ` in [${esc(table.configGroup)}]` : ''}.`);
  }
  if (page.files?.length) {
    out.push('.SH FILES');
    for (const [path, what] of page.files) out.push('.TP', `.I ${esc(path)}`, esc(what));
  }
  if (page.seeAlso?.length) {
    out.push('.SH SEE ALSO');
    page.seeAlso.forEach((ref, i) => {
      const m = /^(.+)\((\w+)\)$/.exec(ref);
      const comma = i < page.seeAlso!.length - 1 ? ',' : '';
      out.push(m ? `.BR ${esc(m[1]!)} (${m[2]})${comma}` : `${esc(ref)}${comma}`);
    });
  }
  return `${out.join('\n')}\n`;
}
