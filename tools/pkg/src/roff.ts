/** Escaping for man(7) text: backslashes, typed hyphens, control characters at line start. */
export function roffText(s: string): string {
  return s
    .replace(/\\/g, '\\e')
    .replace(/-/g, '\\-')
    .replace(/^([.'])/gm, '\\&$1');
}

/** A quoted macro argument (.TH fields): quotes are doubled inside. */
export function roffArg(s: string): string {
  return `"${roffText(s).replace(/"/g, '""')}"`;
}
