import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { EXEC_MAX_OUTPUT, ExecRegistry, type ExecRequest, type ExecStatus, envObject } from './exec-registry.js';

async function runToEnd(reg: ExecRegistry, req: ExecRequest): Promise<ExecStatus> {
  const pid = await reg.start(req);
  for (;;) {
    const st = reg.status(pid);
    if (st.exited) {
      expect(() => reg.status(pid)).toThrow("Invalid parameter 'pid'");
      return st;
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

const text = (b?: { data: Buffer }) => b?.data.toString();

describe('ExecRegistry with real processes', () => {
  it('captures /bin/echo and reaps the record after exited:true', async () => {
    const st = await runToEnd(new ExecRegistry(), { path: '/bin/echo', args: ['hello', 'world'], capture: 'separated' });
    expect(st).toEqual({ exited: true, exitcode: 0, out: { data: Buffer.from('hello world\n'), truncated: false } });
  });

  it('reports exit code 3 with separate stdout and stderr', async () => {
    const st = await runToEnd(new ExecRegistry(), {
      path: 'sh',
      args: ['-c', 'echo out; echo err >&2; exit 3'],
      capture: 'separated',
    });
    expect(st.exitcode).toBe(3);
    expect(text(st.out)).toBe('out\n');
    expect(text(st.err)).toBe('err\n');
    expect(st.out?.truncated).toBe(false);
  });

  it('reports a signal without exitcode or data for kill -9', async () => {
    const st = await runToEnd(new ExecRegistry(), { path: 'sh', args: ['-c', 'kill -9 $$'], capture: 'separated' });
    expect(st).toEqual({ exited: true, signal: 9 });
  });

  it('feeds input-data to cat', async () => {
    const st = await runToEnd(new ExecRegistry(), { path: '/bin/cat', input: Buffer.from('stdin data\n'), capture: 'separated' });
    expect(text(st.out)).toBe('stdin data\n');
  });

  it('replaces the environment and searches the given PATH', async () => {
    const st = await runToEnd(new ExecRegistry(), { path: '/usr/bin/env', env: ['FOO=bar', 'X=1'], capture: 'separated' });
    expect(text(st.out)).toBe('FOO=bar\nX=1\n');
    const st2 = await runToEnd(new ExecRegistry(), { path: 'env', env: ['PATH=/usr/bin:/bin'], capture: 'separated' });
    expect(text(st2.out)).toBe('PATH=/usr/bin:/bin\n');
  });

  it('omits data members without capture', async () => {
    const st = await runToEnd(new ExecRegistry(), { path: '/bin/echo', args: ['x'], capture: 'none' });
    expect(st).toEqual({ exited: true, exitcode: 0 });
  });

  it('supports stdout-only, stderr-only and merged capture', async () => {
    const args = ['-c', 'echo out; echo err >&2'];
    const so = await runToEnd(new ExecRegistry(), { path: 'sh', args, capture: 'stdout' });
    expect([text(so.out), so.err]).toEqual(['out\n', undefined]);
    const se = await runToEnd(new ExecRegistry(), { path: 'sh', args, capture: 'stderr' });
    expect([se.out, text(se.err)]).toEqual([undefined, 'err\n']);
    const m = await runToEnd(new ExecRegistry(), { path: 'sh', args, capture: 'merged' });
    expect([text(m.out), m.err]).toEqual(['out\nerr\n', undefined]);
  });

  it('truncates 20 MB of output to 16 MiB', async () => {
    const st = await runToEnd(new ExecRegistry(), {
      path: 'sh',
      args: ['-c', 'head -c 20000000 /dev/zero'],
      capture: 'separated',
    });
    expect(st.out?.data.length).toBe(EXEC_MAX_OUTPUT);
    expect(st.out?.truncated).toBe(true);
  });

  it('fails with GLib texts for a missing binary or a directory', async () => {
    const reg = new ExecRegistry();
    await expect(reg.start({ path: '/nonexistent/binary', capture: 'none' })).rejects.toThrow(
      'Failed to execute child process \u201C/nonexistent/binary\u201D (No such file or directory)',
    );
    await expect(reg.start({ path: 'no-such-program-xyz', capture: 'none' })).rejects.toThrow(
      'Failed to execute child process \u201Cno-such-program-xyz\u201D (No such file or directory)',
    );
    await expect(reg.start({ path: '/tmp', capture: 'none' })).rejects.toThrow(
      'Failed to execute child process \u201C/tmp\u201D (Permission denied)',
    );
    expect(() => reg.status(99999)).toThrow("Invalid parameter 'pid'");
  });

  it('streams a large input-data through stdin without deadlocking', async () => {
    const input = Buffer.alloc(3 * 1024 * 1024, 'abc');
    const st = await runToEnd(new ExecRegistry(), { path: '/bin/cat', input, capture: 'separated' });
    expect(st.out?.data.equals(input)).toBe(true);
  });

  it('is not exited while a grandchild still holds stdout, like qemu-ga', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ga-exec-'));
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const reg = new ExecRegistry();
    const pid = await reg.start({ path: 'sh', args: ['-c', `cat ${fifo} & echo x`], capture: 'separated' });
    while (existsSync(`/proc/${pid}`)) await new Promise((r) => setTimeout(r, 10)); // sh reaped
    expect(reg.status(pid)).toEqual({ exited: false });
    await writeFile(fifo, 'y\n'); // releases cat, which closes the pipe
    let st = reg.status(pid);
    while (!st.exited) {
      await new Promise((r) => setTimeout(r, 10));
      st = reg.status(pid);
    }
    expect(st.out?.data.toString()).toBe('x\ny\n');
  });

  it('kills a child that outlives the downstream exec timeout', async () => {
    const warnings: string[] = [];
    const reg = new ExecRegistry({ timeoutSec: 0.2, warn: (m) => warnings.push(m) });
    const st = await runToEnd(reg, { path: 'sleep', args: ['30'], capture: 'none' });
    expect(st).toEqual({ exited: true, signal: 9 });
    expect(warnings[0]).toMatch(/still running after 0.2s: killing its process group/);
    // a grandchild holding stdout is killed too, so the record can finish
    const st2 = await runToEnd(reg, { path: 'sh', args: ['-c', 'sleep 30 & sleep 30'], capture: 'separated' });
    expect(st2).toEqual({ exited: true, signal: 9 });
  });

  it('drops never-polled records when the downstream TTL is set', async () => {
    const warnings: string[] = [];
    const reg = new ExecRegistry({ unpolledTtlSec: 0.05, warn: (m) => warnings.push(m) });
    const pid = await reg.start({ path: '/bin/true', capture: 'none' });
    while (reg.size > 0) await new Promise((r) => setTimeout(r, 10));
    expect(() => reg.status(pid)).toThrow("Invalid parameter 'pid'");
    expect(warnings).toHaveLength(1);
  });
});

describe('ExecRegistry spawn call (recording fake)', () => {
  it('passes the resolved path, argv0, replaced env and stdio layout', async () => {
    const calls: [string, readonly string[], SpawnOptions][] = [];
    const stdin = new PassThrough();
    const written: Buffer[] = [];
    stdin.on('data', (d: Buffer) => written.push(d));
    const fakeSpawn = (file: string, args: readonly string[], options: SpawnOptions): ChildProcess => {
      calls.push([file, args, options]);
      const child = new EventEmitter() as ChildProcess;
      Object.assign(child, { pid: 4242, stdin, stdout: new PassThrough(), stderr: new PassThrough() });
      return child;
    };
    const reg = new ExecRegistry({
      spawn: fakeSpawn,
      programFs: {
        stat: async (p) => {
          if (p !== '/opt/bin/tool') throw Object.assign(new Error('x'), { code: 'ENOENT' });
          return { isFile: () => true, isDirectory: () => false };
        },
        accessExec: async () => undefined,
      },
    });
    const pid = await reg.start({
      path: 'tool',
      args: ['-a'],
      env: ['PATH=/nope:/opt/bin', 'SECRET=1'],
      input: Buffer.from('in'),
      capture: 'separated',
    });
    expect(pid).toBe(4242);
    expect(calls).toEqual([
      ['/opt/bin/tool', ['-a'], { argv0: 'tool', env: { PATH: '/nope:/opt/bin', SECRET: '1' }, stdio: ['pipe', 'pipe', 'pipe'] }],
    ]);
    expect(Buffer.concat(written).toString()).toBe('in');
    expect(reg.status(pid)).toEqual({ exited: false });
  });

  it('turns env entries into an object', () => {
    expect(envObject(['A=1', 'B=x=y', 'NOEQ', 'A=2'])).toEqual({ A: '2', B: 'x=y' });
  });
});
