import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { RealQemuGa, requireQemuGa } from '../../src/commands/__fixtures__/real-qemu-ga.js';

/*
 * Interfaces the host machine does not have — a DOWN loopback, a DOWN dummy
 * with an address, an IPv4 alias label, several IPv6 addresses — inside a
 * network namespace we create. Both agents run inside it (`ip netns exec`);
 * ours as a small bundle of the real handler.
 */
const ns = `ga-f-test-${process.pid}`;
const here = path.dirname(fileURLToPath(import.meta.url));
const repoModules = path.resolve(here, '../../../../node_modules');
let dir: string;
let bundle: string;

const ip = (...args: string[]): void => {
  execFileSync('ip', ['-n', ns, ...args], { stdio: 'pipe' });
};

beforeAll(async () => {
  requireQemuGa();
  try {
    execFileSync('ip', ['netns', 'add', ns], { stdio: 'pipe' });
  } catch (err) {
    throw new Error(`cannot create network namespace ${ns} (needs root and iproute2: apt-get install -y iproute2): ${err}`);
  }
  // no dummy driver on every kernel: a veth pair (one end DOWN) and a tun device
  ip('link', 'add', 'ga0', 'type', 'veth', 'peer', 'name', 'ga1');
  ip('link', 'set', 'ga0', 'address', '02:00:00:00:00:10');
  ip('addr', 'add', '10.9.0.1/24', 'dev', 'ga0');
  ip('addr', 'add', '10.9.1.1/16', 'dev', 'ga0', 'label', 'ga0:1');
  ip('-6', 'addr', 'add', 'fd09::1/64', 'dev', 'ga0', 'nodad');
  ip('-6', 'addr', 'add', '::ffff:10.0.0.1/96', 'dev', 'ga0', 'nodad');
  ip('link', 'set', 'ga0', 'up');
  ip('link', 'set', 'ga1', 'address', '02:00:00:00:00:11');
  ip('addr', 'add', '10.9.2.1/30', 'dev', 'ga1'); // ga1 stays DOWN, lo too
  ip('tuntap', 'add', 'tun0', 'mode', 'tun');
  ip('addr', 'add', '10.9.3.1', 'peer', '10.9.3.2', 'dev', 'tun0');
  ip('link', 'set', 'tun0', 'up');

  dir = await mkdtemp(path.join(tmpdir(), 'ga-f-netns-'));
  const entry = path.join(dir, 'entry.ts');
  await writeFile(
    entry,
    `import { networkHandlers } from ${JSON.stringify(path.join(here, '../../src/commands/network.ts'))};
     void (async () => {
       const r = await networkHandlers['guest-network-get-interfaces']({} as never, {} as never);
       process.stdout.write(JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? Number(v) : v)));
     })();`,
  );
  // ESM like the shipped bundle: @ga/guest-os loads koffi lazily with createRequire(import.meta.url).
  bundle = path.join(dir, 'ours.mjs');
  await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', outfile: bundle, external: ['koffi'], logLevel: 'error' });
});

afterAll(async () => {
  try {
    execFileSync('ip', ['netns', 'del', ns], { stdio: 'pipe' });
  } catch {
    // already gone
  }
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('guest-network-get-interfaces in a namespace with DOWN links and aliases', () => {
  it('returns what qemu-ga returns, statistics included', async () => {
    const ref = await RealQemuGa.start(ns);
    let theirs: unknown;
    try {
      theirs = (await ref.ask({ execute: 'guest-network-get-interfaces' })).return;
    } finally {
      await ref.stop();
    }
    const ours = JSON.parse(
      execFileSync('ip', ['netns', 'exec', ns, process.execPath, bundle], {
        env: { ...process.env, NODE_PATH: repoModules },
        encoding: 'utf8',
      }),
    );
    expect(ours).toEqual(theirs);
    const names = (ours as { name: string }[]).map((i) => i.name);
    expect([...names].sort()).toEqual(['ga0', 'ga0:1', 'ga1', 'lo', 'tun0']);
    expect(names[names.length - 1]).toBe('ga0:1'); // IPv4 labels come after all links, as in getifaddrs
    // DOWN loopback: MAC but no address and no statistics
    expect((ours as Record<string, unknown>[])[0]).toEqual({ name: 'lo', 'hardware-address': '00:00:00:00:00:00' });
  });
});
