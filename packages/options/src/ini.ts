/**
 * A reader for Python ConfigParser files (the oVirt agent's
 * /etc/ovirt-guest-agent.conf): `[section]` lines, `key = value` or
 * `key: value`, `#`/`;` comment lines, indented continuation lines, option
 * names lower-cased, and `[DEFAULT]` values visible in every section.
 */

/** section -> key -> value; later duplicates win (ConfigParser's non-strict reading of several files). */
export type IniFile = Map<string, Map<string, string>>;

export function parseIni(text: string, into: IniFile = new Map()): IniFile {
  let section: Map<string, string> | undefined;
  let lastKey: string | undefined;
  for (const [n, raw] of text.split(/\r?\n/).entries()) {
    if (raw.trim() === '' || /^\s*[#;]/.test(raw)) {
      lastKey = undefined;
      continue;
    }
    if (/^\s/.test(raw) && section && lastKey !== undefined) {
      section.set(lastKey, `${section.get(lastKey)}\n${raw.trim()}`);
      continue;
    }
    const head = /^\[([^\]]+)\]\s*$/.exec(raw.trim());
    if (head) {
      section = into.get(head[1]!) ?? new Map();
      into.set(head[1]!, section);
      lastKey = undefined;
      continue;
    }
    const kv = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(raw.trim());
    if (!kv) throw new Error(`line ${n + 1} is neither [section] nor key = value: ${JSON.stringify(raw)}`);
    if (!section) throw new Error(`line ${n + 1}: a key before any [section]: ${JSON.stringify(raw)}`);
    lastKey = kv[1]!.toLowerCase();
    section.set(lastKey, kv[2]!);
  }
  return into;
}

/** `key` in `section`, falling back to `[DEFAULT]` as ConfigParser does. */
export function iniGet(ini: IniFile, section: string, key: string): string | undefined {
  return ini.get(section)?.get(key) ?? ini.get('DEFAULT')?.get(key);
}
