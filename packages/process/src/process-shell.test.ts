import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleProbe, probeEnv } from '@ga/host-kit/probe-bundle';

const dir = mkdtempSync(join(tmpdir(), 'ga-shell-'));
const script = join(dir, 'agent.mjs');

/** A tiny agent on the shell: argv[2] "fail" fails to start, "-d" daemonises; it logs "ready <pid>" to a file. */
beforeAll(() => {
  bundleProbe(
    `
        import { appendFileSync } from 'node:fs';
        import { runProcess } from './process-shell.ts';
        const note = (s) => appendFileSync(process.env.NOTE, s + '\\n');
        runProcess({ program: 'test-agent', startFailure: 'failed to start' }, () => {
          const args = process.argv.slice(2);
          if (args.includes('--help')) { process.stdout.write('usage\\n'); return { exit: 0 }; }
          return {
            daemonize: args.includes('-d'),
            start: async () => {
              if (args.includes('fail')) throw new Error('cannot open the channel: do X');
              const timer = setInterval(() => undefined, 1000);
              note('ready ' + process.pid + ' ' + (process.env.GA_DAEMON_CHILD ?? '-') + ' ' + (process.env.GA_SIGIGN ?? 'unset'));
              return { log: { error: (m) => note('error ' + m) }, stop: async (r) => { note('stop ' + r); clearInterval(timer); } };
            },
          };
        });`,
    fileURLToPath(new URL('.', import.meta.url)),
    dir,
    'agent',
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function start(args: string[], env: Record<string, string> = {}): { child: ChildProcess; note: string; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> } {
  const note = join(dir, `note-${++n}`);
  writeFileSync(note, '');
  const child = spawn(process.execPath, [script, ...args], { env: { ...probeEnv(), NOTE: note, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stderr })));
  return { child, note, exited };
}

async function until(note: string, re: RegExp): Promise<string> {
  for (;;) {
    const text = readFileSync(note, 'utf8');
    const m = re.exec(text);
    if (m) return m[0];
    await new Promise((r) => setTimeout(r, 20));
  }
}

const alive = (pid: number): boolean => existsSync(`/proc/${pid}`) && !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));

describe('runProcess', () => {
  it('sets the process title (comm and cmdline), and SIGTERM stops the service cleanly with status 0', async () => {
    const a = start([]);
    await until(a.note, /ready/);
    const pid = a.child.pid!;
    expect(readFileSync(`/proc/${pid}/comm`, 'utf8').trim()).toBe('test-agent');
    expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0]!.trim()).toBe('test-agent');
    expect(spawnSync('pgrep', ['-x', 'test-agent']).stdout.toString()).toContain(String(pid));
    a.child.kill('SIGTERM');
    expect(await a.exited).toMatchObject({ code: 0, signal: null });
    expect(readFileSync(a.note, 'utf8')).toContain('stop received SIGTERM');
  });

  it('SIGUSR1 ends the agent by SIGUSR1 and never opens the inspector', async () => {
    const a = start([]);
    await until(a.note, /ready/);
    a.child.kill('SIGUSR1');
    expect(await a.exited).toMatchObject({ code: null, signal: 'SIGUSR1' });
    const probe = createConnection({ host: '127.0.0.1', port: 9229 });
    const refused = await new Promise<boolean>((resolve) => {
      probe.once('error', () => resolve(true));
      probe.once('connect', () => resolve(false));
    });
    probe.destroy();
    expect(refused).toBe(true);
  });

  it('keeps a SIGHUP the launcher reports as inherited-ignored (nohup), but still stops on SIGTERM even if that was ignored too', async () => {
    // mask bit n-1 for signal n: SIGHUP=1 -> 0x1, SIGTERM=15 -> 0x4000
    const a = start([], { GA_SIGIGN: '0000000000004001' });
    const ready = await until(a.note, /ready .*/);
    expect(ready.endsWith('unset')).toBe(true); // not passed on to what the agent runs
    a.child.kill('SIGHUP');
    await new Promise((r) => setTimeout(r, 200));
    expect(alive(a.child.pid!)).toBe(true);
    a.child.kill('SIGTERM');
    expect(await a.exited).toMatchObject({ code: 0 });
  });

  it('without the launcher\'s mask SIGHUP keeps its default action', async () => {
    const a = start([]);
    await until(a.note, /ready/);
    a.child.kill('SIGHUP');
    expect(await a.exited).toMatchObject({ signal: 'SIGHUP' });
  });

  it('an informational action exits with its status; a start-up error exits 1 with the message and the failure line', async () => {
    expect(await start(['--help']).exited).toMatchObject({ code: 0 });
    const f = await start(['fail']).exited;
    expect(f.code).toBe(1);
    expect(f.stderr).toBe('test-agent: cannot open the channel: do X\ntest-agent: failed to start\n');
  });

  it('-d: the parent exits 0 once the detached child is serving; the child is in its own session', async () => {
    const a = start(['-d']);
    expect(await a.exited).toMatchObject({ code: 0 });
    const ready = await until(a.note, /ready (\d+) 1/);
    const pid = Number(/ready (\d+)/.exec(ready)![1]);
    expect(alive(pid)).toBe(true);
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    expect(Number(stat[3])).toBe(pid); // session id (field 6) = its own pid
    process.kill(pid, 'SIGTERM');
    await until(a.note, /stop received SIGTERM/);
  });

  it('-d with a start-up error: the parent prints the child\'s reason and exits 1', async () => {
    const f = await start(['-d', 'fail']).exited;
    expect(f.code).toBe(1);
    expect(f.stderr).toBe('test-agent: cannot open the channel: do X\n');
  });
});
