/**
 * qemu-ga as an administrator meets it, side by side with what Debian's
 * qemu-ga 7.2 does (issue "qemu-ga round 2"): its own -D loads, the legacy
 * blacklist key, signals, syslog logging, -s, -d exit codes, the process title.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUNDLE, E2E_TIMEOUT_MS, requireBundle, runOnce, startAgent } from './helpers/agent.js';

let dir: string;
beforeAll(() => {
  requireBundle();
  if (spawnSync('socat', ['-V']).status !== 0) throw new Error('socat is missing: apt-get install -y --no-install-recommends socat');
  dir = mkdtempSync(join(tmpdir(), 'qga-admin-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A syslog socket (what /dev/log is) that collects the datagrams it gets. */
async function syslogReceiver(name: string): Promise<{ path: string; text: () => string; stop: () => void }> {
  const path = join(dir, name);
  const p: ChildProcess = spawn('socat', ['-u', `UNIX-RECV:${path}`, 'STDOUT'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let text = '';
  p.stdout!.on('data', (d: Buffer) => (text += `${d.toString()}\n`));
  while (!existsSync(path)) await new Promise((r) => setTimeout(r, 10));
  return { path, text: () => text, stop: () => p.kill() };
}

async function until(what: string, test: () => boolean): Promise<void> {
  for (let i = 0; !test(); i++) {
    if (i > 500) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('qemu-ga for administrators', () => {
  it('a config file written by its own -D loads and runs (item 1)', async () => {
    const dump = runOnce(['-D', '-m', 'unix-listen', '-p', join(dir, 'd.sock'), '-t', dir, '-b', 'guest-exec']);
    expect(dump.code).toBe(0);
    expect(dump.stdout).toContain('block-rpcs=guest-exec\nallow-rpcs=\n');
    writeFileSync(join(dir, 'dumped.conf'), dump.stdout);
    const again = runOnce(['-D'], { QGA_CONF: join(dir, 'dumped.conf') });
    expect(again).toMatchObject({ code: 0, stdout: dump.stdout });
    const agent = await startAgent(['-c', join(dir, 'dumped.conf')]);
    try {
      const c = await agent.connect();
      expect(await c.request('{"execute":"guest-ping"}')).toEqual(['{"return": {}}']);
      expect((await c.request('{"execute":"guest-exec","arguments":{"path":"/bin/true"}}'))[0]).toContain('has been disabled');
      await c.close();
    } finally {
      await agent.stop();
      agent.cleanup();
    }
  }, E2E_TIMEOUT_MS);

  it('honours blacklist= and --blacklist with a deprecation warning (item 2)', async () => {
    writeFileSync(join(dir, 'bl.conf'), '[general]\nblacklist=guest-exec\n');
    const agent = await startAgent(['-c', join(dir, 'bl.conf'), '--blacklist', 'guest-file-open']);
    try {
      const c = await agent.connect();
      expect((await c.request('{"execute":"guest-exec","arguments":{"path":"/bin/true"}}'))[0]).toBe('{"error": {"class": "CommandNotFound", "desc": "Command guest-exec has been disabled"}}');
      expect((await c.request('{"execute":"guest-file-open","arguments":{"path":"/etc/hostname"}}'))[0]).toContain('has been disabled');
      await c.close();
      expect(agent.stderr()).toContain("qemu-ga: warning: config 'blacklist' is deprecated, use 'block-rpcs' instead");
      expect(agent.stderr()).toContain("qemu-ga: warning: option '--blacklist' is deprecated, use '--block-rpcs' instead");
    } finally {
      await agent.stop();
      agent.cleanup();
    }
  }, E2E_TIMEOUT_MS);

  it('SIGUSR1 kills it like the reference and opens no debugger; it shows as qemu-ga in ps (items 3, 7)', async () => {
    const agent = await startAgent();
    try {
      const pid = agent.proc.pid!;
      expect(readFileSync(`/proc/${pid}/comm`, 'utf8').trim()).toBe('qemu-ga');
      expect(spawnSync('pgrep', ['-x', 'qemu-ga']).stdout.toString().split('\n')).toContain(String(pid));
      agent.proc.kill('SIGUSR1');
      await until('the exit', () => agent.proc.signalCode !== null || agent.proc.exitCode !== null);
      expect(agent.proc.signalCode).toBe('SIGUSR1');
      const refused = await new Promise<boolean>((resolve) => {
        const s = createConnection({ host: '127.0.0.1', port: 9229 });
        s.once('error', () => resolve(true));
        s.once('connect', () => (s.destroy(), resolve(false)));
      });
      expect(refused).toBe(true);
    } finally {
      agent.cleanup();
    }
  }, E2E_TIMEOUT_MS);

  it('"guest-ping called" goes to syslog, not stderr; stderr gets errors only (item 4)', async () => {
    const sys = await syslogReceiver('log1.sock');
    const agent = await startAgent([], undefined, { GA_SYSLOG_SOCKET: sys.path });
    try {
      const c = await agent.connect();
      await c.request('{"execute":"guest-ping"}');
      await c.close();
      await until(`the syslog line (syslog got ${JSON.stringify(sys.text())}, stderr ${JSON.stringify(agent.stderr())})`, () => sys.text().includes('guest-ping called'));
      expect(sys.text()).toMatch(/^<14>[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d qemu-ga: info: guest-ping called$/m);
      expect(await agent.stop()).toBe(0);
      expect(agent.stderr()).toBe('');
    } finally {
      sys.stop();
      agent.cleanup();
    }
  }, E2E_TIMEOUT_MS);

  it('with -d and no -l the command lines still reach syslog; -d exits 0 when serving, 1 with the reason when not (items 4, 5)', async () => {
    const sys = await syslogReceiver('log2.sock');
    const sock = join(dir, 'daemon.sock');
    const pidfile = join(dir, 'daemon.pid');
    const env = { ...process.env, QGA_CONF: '/nonexistent', GA_SYSLOG_SOCKET: sys.path };
    try {
      const r = spawnSync(process.execPath, [BUNDLE, '-d', '-m', 'unix-listen', '-p', sock, '-t', dir, '-f', pidfile], { env, encoding: 'utf8' });
      expect(r.status).toBe(0);
      const pid = Number(readFileSync(pidfile, 'utf8'));
      try {
        const out = spawnSync('socat', ['-t', '5', '-', `UNIX-CONNECT:${sock}`], { input: '{"execute":"guest-ping"}\n', encoding: 'utf8' });
        expect(out.stdout).toBe('{"return": {}}\n');
        await until('the syslog line', () => sys.text().includes('guest-ping called'));
      } finally {
        process.kill(pid, 'SIGTERM');
      }
      await until('the pidfile to go', () => !existsSync(pidfile));
      const bad = spawnSync(process.execPath, [BUNDLE, '-d', '-m', 'unix-listen', '-p', join(dir, 'no/such/dir/x.sock'), '-t', dir, '-f', join(dir, 'bad.pid')], { env, encoding: 'utf8' });
      expect(bad.status).toBe(1);
      expect(bad.stderr).toContain(`the directory ${join(dir, 'no/such/dir')} does not exist: create it first`);
      expect(bad.stderr).not.toContain('run as root');
    } finally {
      sys.stop();
    }
  }, E2E_TIMEOUT_MS);

  it('a -l file that cannot be opened is a start-up error (item 4)', () => {
    const r = runOnce(['-m', 'unix-listen', '-p', join(dir, 'l.sock'), '-t', dir, '-l', join(dir, 'no/such/dir/qga.log')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('unable to open specified log file');
    expect(r.stderr).toContain('No such file or directory');
  }, E2E_TIMEOUT_MS);

  it('-s is accepted and ignored, as on Linux qemu-ga (item 5)', async () => {
    const agent = await startAgent(['-s', 'install']);
    try {
      const c = await agent.connect();
      expect(await c.request('{"execute":"guest-ping"}')).toEqual(['{"return": {}}']);
      await c.close();
    } finally {
      await agent.stop();
      agent.cleanup();
    }
  }, E2E_TIMEOUT_MS);

  it('keeps SIGHUP ignored when started under nohup through the launcher\'s hand-over (item 6)', async () => {
    mkdirSync(join(dir, 'hup'), { recursive: true });
    const sock = join(dir, 'hup', 'q.sock');
    // What the packaged launcher does: pass its inherited SigIgn mask on (Node resets dispositions at start).
    const script = `trap '' HUP; export GA_SIGIGN=$(awk '/^SigIgn:/{print $2}' /proc/$$/status); exec "${process.execPath}" "${BUNDLE}" -m unix-listen -p "${sock}" -t "${dir}"`;
    const p = spawn('sh', ['-c', script], { env: { ...process.env, QGA_CONF: '/nonexistent' }, stdio: 'ignore' });
    try {
      await until('the socket', () => existsSync(sock));
      await new Promise((r) => setTimeout(r, 100));
      p.kill('SIGHUP');
      await new Promise((r) => setTimeout(r, 300));
      expect(p.exitCode).toBeNull();
      expect(p.signalCode).toBeNull();
    } finally {
      p.kill('SIGTERM');
      await until('the exit', () => p.exitCode !== null || p.signalCode !== null);
    }
    expect(p.exitCode).toBe(0);
  }, E2E_TIMEOUT_MS);
});
