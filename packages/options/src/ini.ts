/**
 * A reader for Python ConfigParser files (the oVirt agent's
 * /etc/ovirt-guest-agent.conf): `[section]` lines, `key = value` or
 * `key: value`, `#`/`;` comment lines, indented continuation lines, option
 * names lower-cased. Each value keeps its line, for error messages that
 * point at it.
 */

export interface IniValue {
  value: string;
  /** 1-based line of the key. */
  line: number;
}

/** section -> key -> value; later duplicates win. */
export type IniFile = Map<string, Map<string, IniValue>>;

/** Parse; throws Error(`<file>:<line>: ...`) on a line that is neither a section nor a key. */
export function parseIni(text: string, file: string): IniFile {
  const data: IniFile = new Map();
  let section: Map<string, IniValue> | undefined;
  let lastKey: string | undefined;
  text.split(/\r?\n/).forEach((raw, i) => {
    const n = i + 1;
    if (/^\s*([#;]|$)/.test(raw)) {
      if (raw.trim() === '') lastKey = undefined;
      return;
    }
    if (/^\s/.test(raw) && section && lastKey !== undefined) {
      const e = section.get(lastKey)!;
      e.value = `${e.value}\n${raw.trim()}`;
      return;
    }
    const sec = /^\[([^\]]+)\]\s*$/.exec(raw);
    if (sec) {
      const name = sec[1]!.trim();
      section = data.get(name) ?? new Map();
      data.set(name, section);
      lastKey = undefined;
      return;
    }
    const kv = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(raw);
    if (!kv || !section) throw new Error(`${file}:${n}: cannot parse ${JSON.stringify(raw.trim())}; expected "[section]" or "key = value" inside a section`);
    lastKey = kv[1]!.trim().toLowerCase();
    section.set(lastKey, { value: kv[2]!.trim(), line: n });
  });
  return data;
}
