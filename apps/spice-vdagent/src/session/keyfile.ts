/**
 * FILE_XFER_START's key file (GLib GKeyFile text, NUL-terminated):
 * [vdagent-file-xfer] with name=, size= and optionally file-xfer-nr= /
 * file-xfer-total= (a multi-file drop). Values are un-escaped as GKeyFile
 * does (\s \n \t \r \\). Undefined when the group, name or size is missing
 * or malformed — the original answers ERROR then.
 */

export interface XferStart {
  name: string;
  size: bigint;
  nr: number;
  total: number;
}

const GROUP = 'vdagent-file-xfer';
const ESCAPES: Record<string, string> = { s: ' ', n: '\n', t: '\t', r: '\r', '\\': '\\' };

function unescape(v: string): string | undefined {
  let out = '';
  for (let i = 0; i < v.length; i++) {
    if (v[i] !== '\\') {
      out += v[i];
      continue;
    }
    const e = ESCAPES[v[++i] ?? ''];
    if (e === undefined) return undefined;
    out += e;
  }
  return out;
}

export function parseXferStart(text: string): XferStart | undefined {
  const end = text.indexOf('\0');
  const body = end >= 0 ? text.slice(0, end) : text;
  let group: string | undefined;
  const keys = new Map<string, string>();
  for (const raw of body.split('\n')) {
    const line = raw.replace(/^[ \t]+/, '');
    if (line === '' || line.startsWith('#')) continue;
    const g = /^\[([^\]]*)\]\s*$/.exec(line);
    if (g) {
      group = g[1];
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) return undefined;
    if (group !== GROUP) continue;
    keys.set(line.slice(0, eq).trimEnd(), line.slice(eq + 1).replace(/^[ \t]+/, ''));
  }
  const nameRaw = keys.get('name');
  const sizeRaw = keys.get('size')?.trim();
  if (nameRaw === undefined || sizeRaw === undefined || !/^\d{1,20}$/.test(sizeRaw)) return undefined;
  const name = unescape(nameRaw);
  const size = BigInt(sizeRaw);
  if (name === undefined || size > 0xffffffffffffffffn) return undefined;
  const int = (k: string) => {
    const v = keys.get(k)?.trim();
    return v && /^-?\d{1,10}$/.test(v) ? Number(v) : 0;
  };
  return { name, size, nr: int('file-xfer-nr'), total: int('file-xfer-total') };
}

/**
 * The name reduced to its last path component; undefined when nothing
 * usable remains ("", ".", ".."), or it holds a NUL. The original joins the
 * whole name to the save folder and creates its parents.
 */
export function safeBasename(name: string): string | undefined {
  if (name.includes('\0')) return undefined;
  const base = name.split('/').filter((p) => p !== '').pop() ?? '';
  if (base === '' || base === '.' || base === '..' || Buffer.byteLength(base) > 255) return undefined;
  return base;
}
