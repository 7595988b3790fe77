import { readFile as fsReadFile, stat as fsStat } from 'node:fs/promises';

/** One local mount, as qemu-ga 7.2's mount list sees it (fsfreeze, fstrim, fsinfo). */
export interface Mount {
  /** Mount point, octal escapes (`\040` …) decoded. */
  dirname: string;
  /** File system type (`ext4`, `btrfs`, …). */
  devtype: string;
  devmajor: number;
  devminor: number;
  /** Mount source (e.g. `/dev/vda1`), decoded; absent if the line had none. */
  source?: string;
}

/** Result of stat(2) on a mount source, reduced to what the mount list needs. */
export interface SourceStat {
  isDirectory: boolean;
  isBlockDevice: boolean;
  /** st_rdev of a block device. */
  rdev: bigint;
}

/** I/O used by {@link listMounts}; every member has a real default. */
export interface MountDeps {
  /** Reads a whole file; rejects (any error) when it cannot be opened. */
  readFile: (path: string) => Promise<Buffer>;
  /** stat(2) following symlinks; rejects when the path does not exist. */
  stat: (path: string) => Promise<SourceStat>;
  mountinfoPath: string;
  mountsPath: string;
}

export const defaultMountDeps: MountDeps = {
  readFile: (path) => fsReadFile(path),
  stat: async (path) => {
    const st = await fsStat(path, { bigint: true });
    return { isDirectory: st.isDirectory(), isBlockDevice: st.isBlockDevice(), rdev: st.rdev };
  },
  mountinfoPath: '/proc/self/mountinfo',
  mountsPath: '/proc/self/mounts',
};

/** Splits a Linux dev_t (glibc encoding) into major and minor. */
export function splitDev(dev: bigint): { major: number; minor: number } {
  const major = ((dev >> 8n) & 0xfffn) | ((dev >> 32n) & ~0xfffn);
  const minor = (dev & 0xffn) | ((dev >> 12n) & ~0xffn);
  return { major: Number(major & 0xffffffffn), minor: Number(minor & 0xffffffffn) };
}

/**
 * Undoes the kernel's escaping of mount paths (show_mountinfo escapes space,
 * tab, newline and backslash as `\ooo`). Like qemu-ga, `\\` becomes `\` and
 * only well-formed escapes whose first digit is 0-3 are decoded. Works on a
 * latin1 string (one char per byte) so multi-byte UTF-8 survives.
 */
export function decodeMountName(raw: string): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c !== '\\') {
      out += c;
    } else if (raw[i + 1] === '\\') {
      out += '\\';
      i++;
    } else if (/^[0-3][0-7][0-7]$/.test(raw.slice(i + 1, i + 4))) {
      out += String.fromCharCode(parseInt(raw.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      out += c;
    }
  }
  return out;
}

const bytesToUtf8 = (latin1: string): string => Buffer.from(latin1, 'latin1').toString('utf8');

/**
 * Mirrors qemu-ga's dev_major_minor(): 'dir' for a directory (a bind mount
 * source in the mtab fallback), the numbers for a block device, otherwise
 * undefined (missing or not a block device).
 */
async function sourceDevice(
  path: string,
  deps: MountDeps,
): Promise<'dir' | { major: number; minor: number } | undefined> {
  let st: SourceStat;
  try {
    st = await deps.stat(path);
  } catch {
    return undefined;
  }
  if (st.isDirectory) return 'dir';
  if (st.isBlockDevice) return splitDev(st.rdev);
  return undefined;
}

/**
 * Parses /proc/self/mountinfo text the way qemu-ga 7.2 does: lines that do
 * not parse are skipped; mounts with major 0 (pseudo, network, overlay, …)
 * are skipped except btrfs, whose major is always 0 and whose source device
 * node is stat'ed for the real numbers. Bind mounts are NOT de-duplicated
 * (that started in 9.2).
 */
export async function parseMountinfo(text: string, deps: MountDeps = defaultMountDeps): Promise<Mount[]> {
  const mounts: Mount[] = [];
  for (const line of text.split('\n')) {
    // "<id> <parent> <maj>:<min> <root> <mountpoint> <optional fields…> - <type> <source> <superopts>"
    const head = /^\s*\d+\s+\d+\s+(\d+):(\d+)\s+\S+\s+(\S+)/.exec(line);
    if (!head) continue;
    const dash = line.indexOf(' - ', head[0].length);
    if (dash < 0) continue;
    const tail = /^\s*(\S+)(?:\s+(\S+))?/.exec(line.slice(dash + 3));
    if (!tail) continue;
    const devtype = bytesToUtf8(tail[1]!);
    const source = tail[2] === undefined ? undefined : bytesToUtf8(decodeMountName(tail[2]));
    let devmajor = Number(head[1]);
    let devminor = Number(head[2]);
    if (devmajor === 0) {
      if (devtype !== 'btrfs' || source === undefined) continue;
      const dev = await sourceDevice(source, deps);
      if (dev === undefined || dev === 'dir') continue;
      devmajor = dev.major;
      devminor = dev.minor;
    }
    const mount: Mount = { dirname: bytesToUtf8(decodeMountName(head[3]!)), devtype, devmajor, devminor };
    if (source !== undefined) mount.source = source;
    mounts.push(mount);
  }
  return mounts;
}

/**
 * Parses /proc/self/mounts (qemu-ga's fallback when mountinfo cannot be
 * opened): sources not starting with '/' (pseudo and network fs) and
 * smbfs/cifs are skipped, a directory source is a bind mount and skipped; a
 * source that cannot be stat'ed is kept with device 0:0.
 */
export async function parseMounts(text: string, deps: MountDeps = defaultMountDeps): Promise<Mount[]> {
  const mounts: Mount[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 3 || f[0]!.startsWith('#')) continue;
    const source = bytesToUtf8(decodeMountName(f[0]!));
    const devtype = bytesToUtf8(decodeMountName(f[2]!));
    if (!source.startsWith('/') || devtype === 'smbfs' || devtype === 'cifs') continue;
    const dev = await sourceDevice(source, deps);
    if (dev === 'dir') continue;
    mounts.push({
      dirname: bytesToUtf8(decodeMountName(f[1]!)),
      devtype,
      devmajor: dev?.major ?? 0,
      devminor: dev?.minor ?? 0,
      source,
    });
  }
  return mounts;
}

/**
 * The local file systems, in mount order, exactly as qemu-ga 7.2's
 * build_fs_mount_list returns them (fsfreeze freezes them in reverse order,
 * guest-get-fsinfo reports them reversed).
 * @throws Error when neither mountinfo nor mounts can be read.
 */
export async function listMounts(deps: Partial<MountDeps> = {}): Promise<Mount[]> {
  const d: MountDeps = { ...defaultMountDeps, ...deps };
  let text: Buffer;
  try {
    text = await d.readFile(d.mountinfoPath);
  } catch {
    try {
      text = await d.readFile(d.mountsPath);
    } catch {
      throw new Error(`failed to open mtab file: '${d.mountsPath}'`);
    }
    return parseMounts(text.toString('latin1'), d);
  }
  return parseMountinfo(text.toString('latin1'), d);
}

/** One line of /proc/self/mounts: every mount, network and pseudo file systems included. */
export interface AnyMount {
  dirname: string;
  devtype: string;
  source: string;
}

/**
 * Every mount of /proc/self/mounts in order (what the oVirt agent reports
 * disk usage of, NFS and other network mounts included: the caller drops
 * its ignored file system types), names decoded.
 */
export async function listAllMounts(deps: Partial<MountDeps> = {}): Promise<AnyMount[]> {
  const d: MountDeps = { ...defaultMountDeps, ...deps };
  const text = (await d.readFile(d.mountsPath)).toString('latin1');
  const out: AnyMount[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 3 || f[0]!.startsWith('#')) continue;
    out.push({ source: bytesToUtf8(decodeMountName(f[0]!)), dirname: bytesToUtf8(decodeMountName(f[1]!)), devtype: bytesToUtf8(decodeMountName(f[2]!)) });
  }
  return out;
}
