import { errnoText } from '@ga/native/errno';
import { rootedFs, type RootedFs } from '../support/rooted-fs.js';

/** One logical CPU as qemu-ga's GuestLogicalProcessor. */
export interface LogicalCpu {
  logicalId: number;
  online: boolean;
  /** false when the CPU has no `online` file (typically cpu0). */
  canOffline: boolean;
}

const CPU_DIR = '/sys/devices/system/cpu';
const code = (err: unknown): string | undefined => (err as NodeJS.ErrnoException | null)?.code;

/**
 * Every cpuN directory in directory (getdents) order — qemu-ga does not sort —
 * with its `online` state; a CPU without an `online` file is online and
 * cannot be offlined.
 * @throws Error with qemu-ga's text (`open("…/cpu3/"): …`, `pread("…"): unexpected EOF`).
 */
export async function listVcpus(deps: { fs?: RootedFs } = {}): Promise<LogicalCpu[]> {
  const fs = deps.fs ?? rootedFs();
  let entries;
  try {
    entries = await fs.readDir(CPU_DIR);
  } catch (err) {
    throw new Error(`failed to list entries: ${CPU_DIR}: ${errnoText(err)}`);
  }
  const cpus: LogicalCpu[] = [];
  for (const e of entries) {
    const m = /^cpu\s*([+-]?\d+)/.exec(e.name);
    if (!m) continue;
    const id = Number(m[1]);
    const dir = `${CPU_DIR}/cpu${id}/`;
    await assertDir(fs, dir);
    let text: string;
    try {
      text = await fs.readText(`${dir}/online`);
    } catch (err) {
      if (code(err) !== 'ENOENT') throw new Error(`open("${dir}/online"): ${errnoText(err)}`);
      cpus.push({ logicalId: id, online: true, canOffline: false });
      continue;
    }
    if (text.length === 0) throw new Error(`pread("${dir}/online"): unexpected EOF`);
    cpus.push({ logicalId: id, online: text[0] !== '0', canOffline: true });
  }
  return cpus;
}

async function assertDir(fs: RootedFs, dir: string): Promise<void> {
  try {
    if (!(await fs.isDirectory(dir))) throw Object.assign(new Error('ENOTDIR'), { errno: 20, code: 'ENOTDIR' });
  } catch (err) {
    throw new Error(`open("${dir}"): ${errnoText(err)}`);
  }
}

/** Applies one requested state; throws qemu-ga's error text on failure. */
async function applyVcpu(fs: RootedFs, want: { logicalId: number; online: boolean }): Promise<void> {
  const dir = `${CPU_DIR}/cpu${want.logicalId}/`;
  await assertDir(fs, dir);
  let text: string;
  try {
    // qemu-ga opens the file O_RDWR even when nothing changes, so an unwritable file fails here too.
    text = await fs.readTextForWrite(`${dir}/online`);
  } catch (err) {
    if (code(err) !== 'ENOENT') throw new Error(`open("${dir}/online"): ${errnoText(err)}`);
    if (!want.online) throw new Error(`logical processor #${want.logicalId} can't be offlined`);
    return; // no online file: already online, nothing to do
  }
  if (text.length === 0) throw new Error(`pread("${dir}/online"): unexpected EOF`);
  if (want.online !== (text[0] !== '0')) {
    try {
      await fs.writeText(`${dir}/online`, want.online ? '1' : '0');
    } catch (err) {
      throw new Error(`pwrite("${dir}/online"): ${errnoText(err)}`);
    }
  }
}

/**
 * qemu-ga's guest-set-vcpus: applies the requests in order and stops at the
 * first failure. Returns how many succeeded; the error is thrown only when
 * the very first one fails. `[]` → 0.
 */
export async function setVcpus(
  requests: readonly { logicalId: number; online: boolean }[],
  deps: { fs?: RootedFs } = {},
): Promise<number> {
  const fs = deps.fs ?? rootedFs();
  let done = 0;
  for (const r of requests) {
    try {
      await applyVcpu(fs, r);
    } catch (err) {
      if (done === 0) throw err;
      break;
    }
    done++;
  }
  return done;
}
