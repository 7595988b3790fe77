import { afterEach, describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { makeTree } from '../support/__fixtures__/tree.js';
import { rootedFs } from '../support/rooted-fs.js';
import { listVcpus, setVcpus } from './vcpus.js';

const CPU = '/sys/devices/system/cpu';
let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.map((c) => c()));
  cleanups = [];
});

async function tree() {
  const t = await makeTree({
    [`${CPU}/cpu0/topology`]: null,
    [`${CPU}/cpu1/online`]: '1\n',
    [`${CPU}/cpu2/online`]: '0\n',
    [`${CPU}/cpu3/online`]: '1\n',
    [`${CPU}/cpufreq`]: null,
    [`${CPU}/cpuidle`]: null,
    [`${CPU}/online`]: '0-1,3\n',
    [`${CPU}/kernel_max`]: '8191\n',
  });
  cleanups.push(t.cleanup);
  return { fs: rootedFs(t.root), file: (p: string) => readFile(path.join(t.root, p), 'latin1') };
}

describe('listVcpus', () => {
  it('lists cpuN directories in directory order; no online file means online and not offlinable', async () => {
    const { fs } = await tree();
    const order = (await fs.readDir(CPU)).map((e) => e.name).filter((n) => /^cpu\d/.test(n));
    const cpus = await listVcpus({ fs });
    expect(cpus.map((c) => `cpu${c.logicalId}`)).toEqual(order);
    const byId = new Map(cpus.map((c) => [c.logicalId, c]));
    expect(byId.get(0)).toEqual({ logicalId: 0, online: true, canOffline: false });
    expect(byId.get(1)).toEqual({ logicalId: 1, online: true, canOffline: true });
    expect(byId.get(2)).toEqual({ logicalId: 2, online: false, canOffline: true });
  });

  it('reads this machine: cpu0 is there', async () => {
    expect((await listVcpus()).some((c) => c.logicalId === 0)).toBe(true);
  });
});

describe('setVcpus', () => {
  it('writes only changed states and returns the count', async () => {
    const { fs, file } = await tree();
    expect(
      await setVcpus(
        [
          { logicalId: 1, online: false },
          { logicalId: 2, online: true },
          { logicalId: 3, online: true },
          { logicalId: 0, online: true },
        ],
        { fs },
      ),
    ).toBe(4);
    expect(await file(`${CPU}/cpu1/online`)).toMatch(/^0/);
    expect(await file(`${CPU}/cpu2/online`)).toMatch(/^1/);
    expect(await file(`${CPU}/cpu3/online`)).toBe('1\n');
  });

  it('returns the successful prefix and fails only when the first request fails', async () => {
    const { fs } = await tree();
    expect(await setVcpus([], { fs })).toBe(0);
    expect(await setVcpus([{ logicalId: 1, online: true }, { logicalId: 0, online: false }], { fs })).toBe(1);
    await expect(setVcpus([{ logicalId: 0, online: false }], { fs })).rejects.toThrow(
      "logical processor #0 can't be offlined",
    );
    await expect(setVcpus([{ logicalId: 7, online: true }], { fs })).rejects.toThrow(
      'open("/sys/devices/system/cpu/cpu7/"): No such file or directory',
    );
  });
});
