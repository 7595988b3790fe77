import { readFile } from 'node:fs/promises';

/**
 * Parses os-release text the way qemu-ga does: as a GLib key file with an
 * implicit `[os-release]` group. Like GKeyFile, a line that is neither a
 * comment, a group header nor key=value — or invalid UTF-8 — rejects the
 * whole file (undefined). Whitespace around keys and values is trimmed, the
 * last duplicate wins, keys after another `[group]` header are ignored.
 * Values are returned raw; see {@link unquoteOsReleaseValue}.
 */
export function parseKeyFile(bytes: Buffer): Map<string, string> | undefined {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  const values = new Map<string, string>();
  let group = 'os-release';
  for (const raw of text.split('\n')) {
    const line = raw.replace(/^[\t\n\v\f\r ]+/, '');
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('[')) {
      const end = line.indexOf(']');
      if (end < 0) return undefined;
      group = line.slice(1, end);
      continue;
    }
    const eq = line.indexOf('=');
    if (eq < 0) return undefined;
    const key = line.slice(0, eq).replace(/[\t\n\v\f\r ]+$/, '');
    if (key === '' || /[[\]]/.test(key) && !/^[^[\]]+\[[^[\]]+\]$/.test(key)) return undefined;
    const value = line.slice(eq + 1).replace(/^[\t\n\v\f\r ]+/, '').replace(/[\t\n\v\f\r ]+$/, '');
    if (group === 'os-release') values.set(key, value);
  }
  return values;
}

const ESCAPABLE = new Set(['$', "'", '"', '\\', '`']);

/**
 * qemu-ga's os-release value cleanup, quirks included: a value that does not
 * start with `"` is cut at the first space, then at the first `;` (so a
 * single-quoted value keeps its quotes); a double-quoted value is unquoted
 * with shell-style escapes of $ ' " \ ` — and when the closing quote is
 * missing, the tail of the raw text stays behind the copied characters, as
 * the in-place C copy leaves it.
 */
export function unquoteOsReleaseValue(value: string): string {
  if (!value.startsWith('"')) {
    let v = value;
    const sp = v.indexOf(' ');
    if (sp >= 0) v = v.slice(0, sp);
    const semi = v.indexOf(';');
    if (semi >= 0) v = v.slice(0, semi);
    return v;
  }
  let out = '';
  let p = 1;
  while (p < value.length) {
    let c = value[p]!;
    if (c === '\\') {
      const next = value[p + 1];
      if (next !== undefined && ESCAPABLE.has(next)) {
        p++;
        c = next;
      }
    } else if (c === '"') {
      return out;
    }
    out += c;
    p++;
  }
  return out + value.slice(out.length);
}

/** The os-release keys qemu-ga reports, in GuestOSInfo terms. */
export interface OsRelease {
  id?: string;
  name?: string;
  prettyName?: string;
  version?: string;
  versionId?: string;
  variant?: string;
  variantId?: string;
}

const FIELDS: [keyof OsRelease, string][] = [
  ['id', 'ID'],
  ['name', 'NAME'],
  ['prettyName', 'PRETTY_NAME'],
  ['version', 'VERSION'],
  ['versionId', 'VERSION_ID'],
  ['variant', 'VARIANT'],
  ['variantId', 'VARIANT_ID'],
];

export interface OsReleaseDeps {
  readFile: (p: string) => Promise<Buffer>;
  env: NodeJS.ProcessEnv;
}

/**
 * Reads os-release: $QGA_OS_RELEASE if set (and only it), else
 * /etc/os-release, falling back to /usr/lib/os-release. Returns {} when no
 * file can be read or parsed (qemu-ga then reports only uname facts).
 */
export async function readOsRelease(deps: Partial<OsReleaseDeps> = {}): Promise<OsRelease> {
  const read = deps.readFile ?? ((p: string) => readFile(p));
  const env = deps.env ?? process.env;
  const load = async (p: string): Promise<Map<string, string> | undefined> => {
    try {
      return parseKeyFile(await read(p));
    } catch {
      return undefined;
    }
  };
  const override = env.QGA_OS_RELEASE;
  const keys =
    override !== undefined ? await load(override) : ((await load('/etc/os-release')) ?? (await load('/usr/lib/os-release')));
  const out: OsRelease = {};
  if (!keys) return out;
  for (const [field, key] of FIELDS) {
    const v = keys.get(key);
    if (v !== undefined) out[field] = unquoteOsReleaseValue(v);
  }
  return out;
}
