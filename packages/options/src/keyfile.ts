/**
 * A reader for the GLib key-file subset qemu-ga.conf uses: `[group]` lines,
 * `key=value` lines, `#` comments, blank lines. Errors carry GLib's wording
 * so "error loading configuration" messages read like qemu-ga's.
 */

/** group -> key -> raw value (later duplicates win, as in GLib). */
export type KeyFile = Map<string, Map<string, string>>;

export function parseKeyFile(text: string): KeyFile {
  const groups: KeyFile = new Map();
  let current: Map<string, string> | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '').trimStart();
    if (line === '' || line.startsWith('#')) continue;
    const group = /^\[([^\][]+)\]\s*$/.exec(line);
    if (group) {
      current = groups.get(group[1]!) ?? new Map();
      groups.set(group[1]!, current);
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) throw new Error(`Key file contains line “${raw}” which is not a key-value pair, group, or comment`);
    if (!current) throw new Error('Key file does not start with a group');
    current.set(line.slice(0, eq).trimEnd(), line.slice(eq + 1).trimStart());
  }
  return groups;
}

/** GLib's boolean spelling: true/false/1/0. */
export function keyFileBool(key: string, value: string): boolean {
  const v = value.trim();
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw new Error(`Key file contains key “${key}” which has a value that cannot be interpreted.`);
}
