import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The bundled probe (dist/echo-channel.mjs) runs from a copy of dist/ alone,
 * so the natives it needs were copied beside it: what the VM harness relies on.
 */
const pkgDir = fileURLToPath(new URL('..', import.meta.url));
let dist: string;

beforeAll(() => {
  execFileSync('npm', ['run', 'build:echo'], { cwd: pkgDir, stdio: 'ignore' });
  dist = mkdtempSync(join(tmpdir(), 'ga-echo-'));
  cpSync(join(pkgDir, 'dist'), dist, { recursive: true });
}, 120_000);
afterAll(() => rmSync(dist, { recursive: true, force: true }));

describe('echo-channel bundle', () => {
  it('serves unix-listen from a copied dist/', async () => {
    const sock = join(dist, 'echo.sock');
    const child = spawn(process.execPath, [join(dist, 'echo-channel.mjs'), 'unix-listen', sock], {
      cwd: dist,
      env: { ...process.env, UV_THREADPOOL_SIZE: '8' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    try {
      await new Promise<void>((resolve) => child.stderr!.on('data', (b: Buffer) => b.toString().includes('ready') && resolve()));
      const reply = await new Promise<string>((resolve, reject) => {
        const s = connect(sock, () => s.write('guest-ping\n'));
        s.once('data', (b) => {
          resolve(b.toString());
          s.end();
        });
        s.once('error', reject);
      });
      expect(reply).toBe('GUEST-PING\n');
    } finally {
      child.kill();
    }
  });

  it('loads koffi from the copied dist/ for vsock-listen (this kernel: CID 1 is not ours)', () => {
    const r = spawnSyncText(join(dist, 'echo-channel.mjs'), ['vsock-listen', '1:1234']);
    // koffi loaded and bind() ran: the error is the kernel's, not "Cannot find module 'koffi'".
    expect(r).toMatch(/cannot listen on vsock 1:1234: bind\/listen failed: (EADDRNOTAVAIL|EAFNOSUPPORT|ENODEV)/);
  });
});

function spawnSyncText(script: string, args: string[]): string {
  try {
    return execFileSync(process.execPath, [script, ...args], { cwd: dist, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    return String((err as { stderr?: string }).stderr ?? err);
  }
}
