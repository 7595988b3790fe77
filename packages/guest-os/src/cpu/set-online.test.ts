import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootedFs } from '../support/rooted-fs.js';
import { onlineCpuCount, setOnlineCpuCount } from './set-online.js';

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));
function tree(states: Array<string | undefined>): void {
  root = mkdtempSync(join(tmpdir(), 'cpus-'));
  states.forEach((s, i) => {
    const d = join(root, 'sys/devices/system/cpu', `cpu${i}`);
    mkdirSync(d, { recursive: true });
    if (s !== undefined) writeFileSync(join(d, 'online'), s);
  });
}
const state = (i: number) => readFileSync(join(root, 'sys/devices/system/cpu', `cpu${i}`, 'online'), 'latin1');

describe('setOnlineCpuCount', () => {
  it('onlines the lowest offline CPUs', async () => {
    tree([undefined, '1\n', '0\n', '0\n']);
    expect(await setOnlineCpuCount(3, { fs: rootedFs(root) })).toEqual({ online: 3, changed: 1 });
    expect([state(2)[0], state(3)[0]]).toEqual(['1', '0']);
  });
  it('offlines the highest CPUs that can go, never cpu0', async () => {
    tree([undefined, '1\n', '1\n']);
    expect(await setOnlineCpuCount(1, { fs: rootedFs(root) })).toEqual({ online: 1, changed: 2 });
    expect(await onlineCpuCount({ fs: rootedFs(root) })).toBe(1);
  });
  it('refuses a count below 1 and reports -1 when sysfs is absent', async () => {
    tree([]);
    await expect(setOnlineCpuCount(0, { fs: rootedFs(root) })).rejects.toThrow(/positive integer/);
    expect(await onlineCpuCount({ fs: rootedFs(join(root, 'nope')) })).toBe(-1);
  });
});
