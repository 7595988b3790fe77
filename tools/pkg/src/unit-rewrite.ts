/**
 * Units in deploy/ may run a bundle with node directly (that is how the apps
 * are run from a checkout). Installed units must run the launcher instead, so
 * the Node in use is the one the launcher finds, never a hard-coded
 * /usr/bin/node. Only Exec lines that run one of the package's own bundles
 * are changed; their arguments stay.
 */
import type { ProgramSpec } from './app-spec.js';

// Exec= is the .desktop autostart entry's key.
const EXEC_LINE = /^(Exec(?:Start|StartPre|StartPost|Reload|Stop|StopPost|Condition)?=)([-@:+!]*)(\S+)(\s+(\S+))?(.*)$/;

export interface Rewrite {
  text: string;
  /** Human-readable list of the lines changed, for the build log. */
  changes: string[];
}

export function rewriteUnit(text: string, programs: ProgramSpec[]): Rewrite {
  const changes: string[] = [];
  const lines = text.split('\n').map((line) => {
    const m = EXEC_LINE.exec(line);
    if (!m) return line;
    const [, key, prefix, cmd, , script, rest] = m;
    if (!/(^|\/)(node|nodejs)$/.test(cmd!) || !script) return line;
    const program = programs.find((p) => script.endsWith(`/${p.bundle}`) || script === p.bundle);
    if (!program) return line;
    const next = `${key}${prefix}${program.path}${rest}`;
    changes.push(`${line.trim()} -> ${next}`);
    return next;
  });
  return { text: lines.join('\n'), changes };
}

/** Exec lines that still name node: the builder refuses to ship them. */
export function nodeExecLines(text: string): string[] {
  return text.split('\n').filter((l) => {
    const m = EXEC_LINE.exec(l);
    return m !== null && /(^|\/)(node|nodejs)$/.test(m[3]!);
  });
}
