import { errnoOf, errnoText } from '@ga/native/errno';
import { rootedFs, type RootedFs } from '../support/rooted-fs.js';

/** One hot-pluggable memory block (qemu-ga's GuestMemoryBlock). */
export interface MemoryBlock {
  physIndex: bigint;
  online: boolean;
  canOffline: boolean;
}

export type MemoryBlockResponseType = 'success' | 'not-found' | 'operation-not-supported' | 'operation-failed';

/** Outcome of one guest-set-memory-blocks request. */
export interface MemoryBlockResponse {
  physIndex: bigint;
  response: MemoryBlockResponseType;
  /** errno of the failed step (qemu-ga sends it with every failure, sometimes with "success"). */
  errorCode?: number;
}

const MEM_DIR = '/sys/devices/system/memory/';
const code = (err: unknown): string | undefined => (err as NodeJS.ErrnoException | null)?.code;
const blockDir = (index: bigint): string => `${MEM_DIR}memory${index}/`;

/** ga_read_sysfs_file: reads an attribute, failing with qemu-ga's texts; the Error keeps the errno. */
async function readAttr(fs: RootedFs, dir: string, name: string): Promise<string> {
  let text: string;
  try {
    text = await fs.readText(`${dir}${name}`);
  } catch (err) {
    throw Object.assign(new Error(`open sysfs file "${name}": ${errnoText(err)}`), {
      errno: errnoOf(err),
      code: code(err),
    });
  }
  if (text.length === 0) throw Object.assign(new Error(`pread sysfs file "${name}": unexpected EOF`), { errno: 0 });
  return text;
}

async function openDir(fs: RootedFs, dir: string): Promise<void> {
  if (!(await fs.isDirectory(dir))) throw Object.assign(new Error('ENOTDIR'), { errno: -20, code: 'ENOTDIR' });
}

/**
 * Every memoryN block of /sys/devices/system/memory in directory order
 * (unsorted, like qemu-ga). No memory directory → [] (not an error).
 * @throws Error `guest reported zero memory blocks!` or qemu-ga's sysfs texts.
 */
export async function listMemoryBlocks(deps: { fs?: RootedFs } = {}): Promise<MemoryBlock[]> {
  const fs = deps.fs ?? rootedFs();
  let entries;
  try {
    entries = await fs.readDir(MEM_DIR);
  } catch (err) {
    if (code(err) === 'ENOENT') return [];
    throw new Error(`Can't open directory"${MEM_DIR}": ${errnoText(err)}`);
  }
  const blocks: MemoryBlock[] = [];
  for (const e of entries) {
    if (!e.name.startsWith('memory') || !e.isDirectory) continue;
    const digits = /^\s*[+-]?\d*/.exec(e.name.slice(6))![0].trim();
    const physIndex = BigInt.asUintN(64, BigInt(digits === '' || digits === '+' || digits === '-' ? '0' : digits));
    const dir = blockDir(physIndex);
    try {
      await openDir(fs, dir);
    } catch (err) {
      throw new Error(`open("${dir}"): ${errnoText(err)}`);
    }
    let state: string;
    try {
      state = await readAttr(fs, dir, 'state');
    } catch (err) {
      if (code(err) !== 'ENOENT') throw err;
      blocks.push({ physIndex, online: true, canOffline: false });
      continue;
    }
    let canOffline: boolean;
    try {
      canOffline = (await readAttr(fs, dir, 'removable'))[0] !== '0';
    } catch (err) {
      if (code(err) !== 'ENOENT') throw err;
      canOffline = false;
    }
    blocks.push({ physIndex, online: state.startsWith('online'), canOffline });
  }
  if (blocks.length === 0) throw new Error('guest reported zero memory blocks!');
  return blocks;
}

async function applyBlock(fs: RootedFs, want: { physIndex: bigint; online: boolean }): Promise<MemoryBlockResponse> {
  const res: MemoryBlockResponse = { physIndex: want.physIndex, response: 'success' };
  const fail = (response: MemoryBlockResponseType | undefined, err: unknown): MemoryBlockResponse => {
    if (response) res.response = response;
    res.errorCode = errnoOf(err) ?? 0;
    return res;
  };
  try {
    await openDir(fs, MEM_DIR);
  } catch (err) {
    return fail(code(err) === 'ENOENT' ? 'operation-not-supported' : undefined, err);
  }
  const dir = blockDir(want.physIndex);
  try {
    await openDir(fs, dir);
  } catch (err) {
    return fail(code(err) === 'ENOENT' ? 'not-found' : 'operation-failed', err);
  }
  let state: string;
  try {
    state = await readAttr(fs, dir, 'state');
  } catch (err) {
    if (code(err) === 'ENOENT') return fail(want.online ? undefined : 'operation-not-supported', err);
    return fail('operation-failed', err);
  }
  if (want.online !== state.startsWith('online')) {
    try {
      await fs.writeText(`${dir}state`, want.online ? 'online' : 'offline');
    } catch (err) {
      return fail('operation-failed', err);
    }
  }
  return res;
}

/** qemu-ga's guest-set-memory-blocks: one response per request, in order; `[]` → `[]`. */
export async function setMemoryBlocks(
  requests: readonly { physIndex: bigint; online: boolean }[],
  deps: { fs?: RootedFs } = {},
): Promise<MemoryBlockResponse[]> {
  const fs = deps.fs ?? rootedFs();
  const out: MemoryBlockResponse[] = [];
  for (const r of requests) out.push(await applyBlock(fs, r));
  return out;
}

/**
 * Size of one memory block in bytes (block_size_bytes is hex).
 * @throws Error with qemu-ga's texts.
 */
export async function memoryBlockSize(deps: { fs?: RootedFs } = {}): Promise<bigint> {
  const fs = deps.fs ?? rootedFs();
  try {
    await openDir(fs, MEM_DIR);
  } catch (err) {
    throw new Error(`open("${MEM_DIR}"): ${errnoText(err)}`);
  }
  const text = await readAttr(fs, MEM_DIR, 'block_size_bytes');
  const m = /^\s*([+-]?)(?:0[xX])?([0-9a-fA-F]*)/.exec(text)!;
  const v = m[2] === '' ? 0n : BigInt(`0x${m[2]}`);
  return m[1] === '-' ? -v : v;
}
