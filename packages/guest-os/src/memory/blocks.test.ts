import { afterEach, describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { makeTree, type TreeSpec } from '../support/__fixtures__/tree.js';
import { rootedFs } from '../support/rooted-fs.js';
import { listMemoryBlocks, memoryBlockSize, setMemoryBlocks } from './blocks.js';

const MEM = '/sys/devices/system/memory';
let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.map((c) => c()));
  cleanups = [];
});

async function tree(spec?: TreeSpec) {
  const t = await makeTree(
    spec ?? {
      [`${MEM}/block_size_bytes`]: '8000000\n',
      [`${MEM}/memory0/state`]: 'online\n',
      [`${MEM}/memory0/removable`]: '0\n',
      [`${MEM}/memory32/state`]: 'offline\n',
      [`${MEM}/memory32/removable`]: '1\n',
      [`${MEM}/memory40/removable`]: '1\n',
      [`${MEM}/memory41/state`]: 'online\n',
      [`${MEM}/auto_online_blocks`]: 'offline\n',
      [`${MEM}/power`]: null,
    },
  );
  cleanups.push(t.cleanup);
  return { fs: rootedFs(t.root), file: (p: string) => readFile(path.join(t.root, p), 'latin1') };
}

describe('memory blocks', () => {
  it('lists memoryN blocks in directory order with state and removability', async () => {
    const { fs } = await tree();
    const order = (await fs.readDir(MEM)).map((e) => e.name).filter((n) => n.startsWith('memory'));
    const blocks = await listMemoryBlocks({ fs });
    expect(blocks.map((b) => `memory${b.physIndex}`)).toEqual(order);
    const by = new Map(blocks.map((b) => [b.physIndex, b]));
    expect(by.get(0n)).toEqual({ physIndex: 0n, online: true, canOffline: false });
    expect(by.get(32n)).toEqual({ physIndex: 32n, online: false, canOffline: true });
    expect(by.get(40n)).toEqual({ physIndex: 40n, online: true, canOffline: false }); // no state file
    expect(by.get(41n)).toEqual({ physIndex: 41n, online: true, canOffline: false }); // no removable file
  });

  it('answers each set request like qemu-ga', async () => {
    const { fs, file } = await tree();
    expect(await setMemoryBlocks([], { fs })).toEqual([]);
    const res = await setMemoryBlocks(
      [
        { physIndex: 32n, online: true },
        { physIndex: 0n, online: true },
        { physIndex: 99n, online: true },
        { physIndex: 40n, online: false },
      ],
      { fs },
    );
    expect(res).toEqual([
      { physIndex: 32n, response: 'success' },
      { physIndex: 0n, response: 'success' },
      { physIndex: 99n, response: 'not-found', errorCode: 2 },
      { physIndex: 40n, response: 'operation-not-supported', errorCode: 2 },
    ]);
    expect(await file(`${MEM}/memory32/state`)).toMatch(/^online/);
  });

  it('reports the block size; zero blocks is an error; no memory directory is an empty list', async () => {
    const { fs } = await tree();
    expect(await memoryBlockSize({ fs })).toBe(0x8000000n);
    const empty = await tree({ [`${MEM}/block_size_bytes`]: '8000000\n' });
    await expect(listMemoryBlocks({ fs: empty.fs })).rejects.toThrow('guest reported zero memory blocks!');
    const none = await tree({ '/sys/devices/system': null });
    expect(await listMemoryBlocks({ fs: none.fs })).toEqual([]);
    await expect(memoryBlockSize({ fs: none.fs })).rejects.toThrow(
      'open("/sys/devices/system/memory/"): No such file or directory',
    );
    const missing = await setMemoryBlocks([{ physIndex: 1n, online: true }], { fs: none.fs });
    expect(missing).toEqual([{ physIndex: 1n, response: 'operation-not-supported', errorCode: 2 }]);
  });

  it('reads this machine', async () => {
    expect(await memoryBlockSize()).toBeGreaterThan(0n);
    expect((await listMemoryBlocks()).length).toBeGreaterThan(0);
  });
});
