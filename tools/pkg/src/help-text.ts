/**
 * Reads a program's --help output (our own hand-written qemu-ga layout, or
 * yargs' layout) into usage, description and options. Stand-in for the shared
 * option table the lead is adding: man-page.ts is the only user, so switching
 * to the table replaces this file and one call.
 */
export interface HelpOption {
  /** e.g. ["-m", "--method"] */
  flags: string[];
  text: string;
}

export interface ParsedHelp {
  /** Synopsis after the program name, e.g. "[-m <method> -p <path>] [<options>]". */
  usage: string;
  /** Free text lines that are neither usage nor options. */
  description: string[];
  options: HelpOption[];
}

const OPTION_LINE = /^ {1,6}(-{1,2}[A-Za-z0-9?][^ ]*(?:,? -{1,2}[A-Za-z0-9][^ ]*)*)(?: {2,}(.*))?$/;
// yargs' right-aligned annotations: [string] [boolean] [count] [default: x] [required] [choices: ...]
const YARGS_TAGS = /(\s*\[(?:string|boolean|number|count|array|required|default: [^\]]*|choices: [^\]]*)\])+\s*$/;

function balanced(s: string): boolean {
  let depth = 0;
  for (const c of s) {
    if (c === '[' || c === '(') depth += 1;
    if (c === ']' || c === ')') depth -= 1;
  }
  return depth <= 0;
}

function tidyText(raw: string): string {
  let text = raw.replace(/\s+/g, ' ').trim();
  const tags = YARGS_TAGS.exec(text);
  if (tags) {
    text = text.slice(0, tags.index).trim();
    const dflt = /\[default: ([^\]]*)\]/.exec(tags[0]);
    if (dflt && dflt[1] !== 'false') text += `${/[.)]$/.test(text) ? '' : '.'} Default: ${dflt[1]}.`;
    if (tags[0].includes('[count]')) text += ' May be given more than once.';
  }
  return text;
}

export function parseHelp(program: string, help: string): ParsedHelp {
  const lines = help.replace(/\r/g, '').split('\n');
  let i = 0;
  // Synopsis: first line, plus its wrapped continuations while brackets are open.
  let usage = (lines[i++] ?? '').trim();
  while (!balanced(usage) && i < lines.length && lines[i]!.trim() !== '') usage += ` ${lines[i++]!.trim()}`;
  usage = usage.replace(/^usage:\s*/i, '');
  if (usage.startsWith(`${program} `) || usage === program) usage = usage.slice(program.length).trim();
  else if (usage.startsWith('$0 ')) usage = usage.slice(3).trim();

  const description: string[] = [];
  const options: HelpOption[] = [];
  let current: { flags: string[]; parts: string[] } | undefined;
  const flush = () => {
    if (current) options.push({ flags: current.flags, text: tidyText(current.parts.join(' ')) });
    current = undefined;
  };
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    const opt = OPTION_LINE.exec(line);
    if (opt) {
      flush();
      current = { flags: opt[1]!.split(/,? /), parts: opt[2] ? [opt[2]] : [] };
    } else if (current && /^\s{4,}\S/.test(line)) {
      current.parts.push(line.trim());
    } else {
      flush();
      const t = line.trim();
      if (t !== '' && !/^[A-Z][A-Za-z ]*:$/.test(t)) description.push(t);
    }
  }
  flush();
  return { usage, description, options };
}
