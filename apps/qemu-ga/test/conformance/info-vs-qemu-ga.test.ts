import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AgentContext } from '../../src/context.js';
import { QgaError } from '../../src/errors.js';
import { asWire, RealQemuGa } from '../../src/commands/__fixtures__/real-qemu-ga.js';
import { hardwareHandlers } from '../../src/commands/hardware.js';
import { networkHandlers } from '../../src/commands/network.js';
import { storageInfoHandlers } from '../../src/commands/storage-info.js';
import { systemInfoHandlers } from '../../src/commands/system-info.js';

/*
 * Differential test on THIS machine: the real Debian qemu-ga 7.2 and our
 * handlers answer the same information commands; entries, order and stable
 * values must agree (counters and clocks only move forward).
 */
const handlers = { ...systemInfoHandlers, ...networkHandlers, ...storageInfoHandlers, ...hardwareHandlers };
type Name = keyof typeof handlers;
const ctx = {} as AgentContext;

async function ours(name: Name, args: unknown = {}): Promise<{ return?: unknown; error?: { class: string; desc: string } }> {
  try {
    const h = handlers[name] as (a: unknown, c: AgentContext) => Promise<unknown>;
    return { return: asWire(await h(args, ctx)) };
  } catch (err) {
    if (err instanceof QgaError) return { error: { class: err.errorClass, desc: err.desc } };
    throw err;
  }
}

/*
 * A loop-mounted ext4 (disk: []), a bind mount of it (7.2 does not de-duplicate)
 * and a mount point with a space (mountinfo octal escapes) make fsinfo, disks
 * and diskstats more interesting than this machine's single disk.
 */
let scratch: string | undefined;
const mounted: string[] = [];
async function mountScratch(): Promise<void> {
  scratch = await mkdtemp(path.join(tmpdir(), 'ga-f-loop-'));
  const img = path.join(scratch, 'fs.img');
  const mnt = path.join(scratch, 'mnt with space');
  const bind = path.join(scratch, 'bind');
  await mkdir(mnt);
  await mkdir(bind);
  execFileSync('truncate', ['-s', '16M', img]);
  try {
    execFileSync('mkfs.ext4', ['-q', '-F', img], { stdio: 'pipe' });
  } catch (err) {
    throw new Error(`mkfs.ext4 failed (apt-get install -y e2fsprogs): ${err}`);
  }
  execFileSync('mount', ['-o', 'loop', img, mnt], { stdio: 'pipe' });
  mounted.push(mnt);
  execFileSync('mount', ['--bind', mnt, bind], { stdio: 'pipe' });
  mounted.push(bind);
}

let ref: RealQemuGa;
beforeAll(async () => {
  await mountScratch();
  ref = await RealQemuGa.start();
});
afterAll(async () => {
  await ref?.stop();
  for (const m of mounted.reverse()) execFileSync('umount', ['-d', m], { stdio: 'pipe' });
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

const theirs = (execute: string, args?: unknown) =>
  ref.ask(args === undefined ? { execute } : { execute, arguments: args });

describe('information commands agree with qemu-ga 7.2', () => {
  it.each([
    'guest-get-host-name',
    'guest-get-osinfo',
    'guest-get-timezone',
    'guest-get-users',
    'guest-get-vcpus',
    'guest-get-memory-blocks',
    'guest-get-memory-block-info',
    'guest-get-disks',
  ] as const)('%s: identical', async (name) => {
    expect(await ours(name)).toEqual(await theirs(name));
  });

  it('guest-get-time: ns, µs resolution, between two qemu-ga readings', async () => {
    const exact = async (): Promise<bigint> =>
      BigInt(/^\{"return": (\d+)\}$/.exec(await ref.askRaw({ execute: 'guest-get-time' }))![1]!);
    const before = await exact();
    const mine = await systemInfoHandlers['guest-get-time']({}, ctx);
    const after = await exact();
    expect(before % 1000n).toBe(0n);
    expect(BigInt(mine) % 1000n).toBe(0n);
    expect(mine).toBeGreaterThanOrEqual(before);
    expect(mine).toBeLessThanOrEqual(after);
  });

  it('guest-network-get-interfaces: same interfaces, order, MACs and addresses', async () => {
    const t = (await theirs('guest-network-get-interfaces')).return as Record<string, unknown>[];
    const o = (await ours('guest-network-get-interfaces')).return as Record<string, unknown>[];
    const strip = (l: Record<string, unknown>[]) => l.map(({ statistics, ...rest }) => ({ ...rest, stats: statistics !== undefined }));
    expect(strip(o)).toEqual(strip(t));
  });

  it('guest-get-fsinfo: same mounts (reverse order), devices, disks and total size', async () => {
    const t = (await theirs('guest-get-fsinfo')).return as Record<string, unknown>[];
    const o = (await ours('guest-get-fsinfo')).return as Record<string, unknown>[];
    const strip = (l: Record<string, unknown>[]) => l.map(({ 'used-bytes': used, ...rest }) => ({ ...rest, used: typeof used }));
    expect(strip(o)).toEqual(strip(t));
    const loop = o.filter((f) => String(f.mountpoint).startsWith(scratch!));
    expect(loop.map((f) => [path.basename(String(f.mountpoint)), f.type, f.disk])).toEqual([
      ['bind', 'ext4', []],
      ['mnt with space', 'ext4', []],
    ]);
  });

  it('guest-get-diskstats and guest-get-cpustats: same entries and members, counters not behind', async () => {
    for (const name of ['guest-get-diskstats', 'guest-get-cpustats'] as const) {
      const t = (await theirs(name)).return as Record<string, unknown>[];
      const o = (await ours(name)).return as Record<string, unknown>[];
      const shape = (l: Record<string, unknown>[]) =>
        l.map((e) => JSON.stringify(Object.keys(e.stats ?? e).sort()) + String(e.name ?? e.cpu));
      expect(shape(o)).toEqual(shape(t));
      if (name === 'guest-get-cpustats') {
        t.forEach((e, i) => expect((o[i] as { idle: number }).idle).toBeGreaterThanOrEqual(e.idle as number));
      }
    }
  });

  it.each([
    ['guest-set-vcpus', { vcpus: [] }],
    ['guest-set-vcpus', { vcpus: [{ 'logical-id': 99, online: true }] }],
    ['guest-set-vcpus', { vcpus: [{ 'logical-id': 0, online: false }] }],
    ['guest-set-vcpus', { vcpus: [{ 'logical-id': 0, online: true }, { 'logical-id': 99, online: true }] }],
    ['guest-set-memory-blocks', { 'mem-blks': [] }],
    ['guest-set-memory-blocks', { 'mem-blks': [{ 'phys-index': 99999n, online: true }, { 'phys-index': 0n, online: true }] }],
  ] as const)('%s %j: same result or error (no state change requested)', async (name, args) => {
    expect(await ours(name, args)).toEqual(await theirs(name, asWire(args)));
  });
});
