import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderLauncher } from './launcher.js';

// A fake package root: usr/sbin/prog + usr/lib/pkg/prog.mjs, and fake "node"
// programs that report a chosen version and run the real node otherwise.
let root: string;
const launcher = () => join(root, 'usr/sbin/prog');

function fakeNode(name: string, version: string): string {
  const path = join(root, 'bin', name);
  writeFileSync(path, `#!/bin/sh\n[ "$1" = --version ] && { echo ${version}; exit 0; }\nexec ${JSON.stringify(process.execPath)} "$@"\n`);
  chmodSync(path, 0o755);
  return path;
}

function run(env: Record<string, string>, ...args: string[]) {
  return spawnSync(launcher(), args, { env: { PATH: '/usr/bin:/bin', ...env }, encoding: 'utf8' });
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'launcher-'));
  mkdirSync(join(root, 'usr/sbin'), { recursive: true });
  mkdirSync(join(root, 'usr/lib/pkg'), { recursive: true });
  mkdirSync(join(root, 'bin'));
  writeFileSync(join(root, 'usr/lib/pkg/prog.mjs'), 'console.log(JSON.stringify(process.argv.slice(2)));\n');
  writeFileSync(launcher(), renderLauncher({ program: 'prog', pkg: 'pkg', bundle: 'prog.mjs' }));
  chmodSync(launcher(), 0o755);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('launcher', () => {
  it('runs the bundle beside it with the arguments, on the first suitable node of PATH', () => {
    fakeNode('node', 'v20.19.0');
    const r = run({ PATH: `${join(root, 'bin')}:/usr/bin:/bin` }, '-m', 'unix-listen', 'a b');
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('["-m","unix-listen","a b"]');
    expect(r.status).toBe(0);
  });

  it('refuses Node 18 and 20.18, saying what it found and what to install', () => {
    const old = fakeNode('node18', 'v18.19.0');
    const r = run({ NODE: old });
    expect(r.status).toBe(127);
    expect(r.stderr).toContain('needs Node.js >= 20.19; found: ' + old + ' (v18.19.0);');
    expect(r.stderr).toContain('deb.nodesource.com');
    const almost = fakeNode('node2018', 'v20.18.3');
    expect(run({ NODE: almost }).stderr).toContain('(v20.18.3)');
  });

  it('takes NODE when it is recent enough, also a later major', () => {
    const n = fakeNode('node24', 'v24.1.0');
    expect(run({ NODE: n }, 'x').stdout.trim()).toBe('["x"]');
  });

  it('reports a node that does not run or prints no version', () => {
    const broken = join(root, 'bin', 'broken');
    writeFileSync(broken, '#!/bin/sh\necho garbage\n');
    chmodSync(broken, 0o755);
    const r = run({ NODE: broken });
    expect(r.status).toBe(127);
    expect(r.stderr).toContain("(version 'garbage'?)");
  });

  it('resolves the bundle through a symlink to the launcher (/sbin -> /usr/sbin)', () => {
    fakeNode('node', 'v22.0.0');
    const link = join(root, 'prog-link');
    symlinkSync(launcher(), link);
    const r = spawnSync(link, ['y'], { env: { PATH: `${join(root, 'bin')}:/usr/bin:/bin` }, encoding: 'utf8' });
    expect(r.stdout.trim()).toBe('["y"]');
  });

  it('hands over the ignored signals (nohup) and glibc malloc tunables to the agent', () => {
    writeFileSync(join(root, 'usr/lib/pkg/prog.mjs'), 'console.log(JSON.stringify([process.env.GA_SIGIGN, process.env.GLIBC_TUNABLES]));\n');
    try {
      const r = spawnSync('sh', ['-c', `trap '' HUP; exec ${launcher()}`], { env: { PATH: `/usr/bin:/bin`, NODE: process.execPath }, encoding: 'utf8' });
      const [sigign, tunables] = JSON.parse(r.stdout) as [string, string];
      expect(BigInt(`0x${sigign}`) & 1n).toBe(1n); // SIGHUP = bit 0
      expect(tunables).toBe('glibc.malloc.trim_threshold=16777216:glibc.malloc.mmap_threshold=33554432');
    } finally {
      writeFileSync(join(root, 'usr/lib/pkg/prog.mjs'), 'console.log(JSON.stringify(process.argv.slice(2)));\n');
    }
  });
});
