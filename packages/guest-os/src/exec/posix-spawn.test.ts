import { afterAll, describe, expect, it } from '@jest/globals';
import type { ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { posixSpawner } from './posix-spawn.js';

const dir = mkdtempSync(join(tmpdir(), 'guest-os-posix-spawn-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(child: ChildProcess): Promise<{ code: number | null; signal: string | null; out: string }> {
  let out = '';
  child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
  const closed = child.stdout ? new Promise((r) => child.stdout!.once('close', r)) : Promise.resolve();
  const [code, signal] = await new Promise<[number | null, string | null]>((r) => child.once('exit', (c, s) => r([c, s])));
  await closed;
  return { code, signal, out };
}

describe('posixSpawner', () => {
  it('gives the child default signals (the agent ignores SIGPIPE), argv0, env and pipes', async () => {
    const child = posixSpawner('/bin/sh', ['-c', 'echo "$0 $FOO"; grep -E "^Sig(Ign|Blk)" /proc/self/status; exit 4'], {
      argv0: 'my-argv0',
      env: { FOO: 'bar', PATH: '/usr/bin:/bin' },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    expect(child.pid).toBeGreaterThan(0);
    const r = await run(child);
    expect(r.code).toBe(4);
    const lines = r.out.trim().split('\n');
    expect(lines[0]).toBe('my-argv0 bar');
    const mask = (name: string) => BigInt(`0x${lines.find((l) => l.startsWith(name))!.split(/\s+/)[1]}`);
    expect(mask('SigIgn:') & (1n << 12n)).toBe(0n); // SIGPIPE (13) is not ignored
    expect(mask('SigBlk:')).toBe(0n);
  });

  it('feeds stdin, reports a signal by name, and starts a new session when detached', async () => {
    const cat = posixSpawner('/bin/cat', [], { stdio: ['pipe', 'pipe', 'ignore'] });
    cat.stdin!.end('through a pipe');
    expect((await run(cat)).out).toBe('through a pipe');
    const sleeper = posixSpawner('/bin/sleep', ['30'], { stdio: ['ignore', 'ignore', 'ignore'] });
    sleeper.kill('SIGKILL');
    expect(await run(sleeper)).toMatchObject({ code: null, signal: 'SIGKILL' });
    const sid = posixSpawner('/bin/sh', ['-c', 'ps -o sid= -p $$ | tr -d " "; echo $$'], { stdio: ['ignore', 'pipe', 'ignore'], detached: true });
    const [s, p] = (await run(sid)).out.trim().split('\n');
    expect(s).toBe(p);
  });

  it('runs an executable without #! through /bin/sh, like execvp', async () => {
    const script = join(dir, 'no-shebang');
    writeFileSync(script, 'echo "from sh: $1"\n');
    chmodSync(script, 0o755);
    expect(await run(posixSpawner(script, ['x'], { stdio: ['ignore', 'pipe', 'ignore'] }))).toMatchObject({ code: 0, out: 'from sh: x\n' });
  });

  it('throws the errno when the program cannot be executed', () => {
    expect(() => posixSpawner('/nonexistent/prog', [], { stdio: ['ignore', 'ignore', 'ignore'] })).toThrow(expect.objectContaining({ errno: 2 }));
  });
});
