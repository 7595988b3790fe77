import { afterAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { createAgentLogger, unixTime } from './agent-logger.js';
import { openSyslog, syslogHeader } from './syslog-socket.js';
import type { SyslogSink } from './syslog-socket.js';

const dir = mkdtempSync(join(tmpdir(), 'ga-log-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function capture() {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (d: Buffer) => (text += d.toString()));
  return { stream, text: () => text };
}
const tick = () => new Promise((r) => setImmediate(r));
const T = 1733229600123.456; // a fixed clock

function fakeSyslog(): SyslogSink & { lines: string[] } {
  const lines: string[] = [];
  return { lines, send: (sev, m) => lines.push(`${sev} ${m}`), dropped: 0, close: () => undefined };
}

describe('agent logger, qemu-ga style', () => {
  it('writes "<unix-time.µs>: <level>: text" with GLib level names, only at or above the level', async () => {
    const out = capture();
    const log = createAgentLogger({ program: 'qemu-ga', style: 'qemu-ga', level: 'error', stderr: out.stream, journal: false, now: () => T });
    log.error('e1');
    log.warn('w1');
    log.info('i1');
    await tick();
    expect(out.text()).toBe('1733229600.123456: error: e1\n');
    const v = capture();
    const all = createAgentLogger({ program: 'qemu-ga', style: 'qemu-ga', level: 'debug', stderr: v.stream, journal: false, now: () => T });
    all.warn('w');
    all.debug('d');
    await tick();
    expect(v.text()).toBe('1733229600.123456: warning: w\n1733229600.123456: debug: d\n');
    expect(unixTime(1000.5)).toBe('1.000500');
  });

  it('on the journal: sd-daemon priority prefixes instead of the time', async () => {
    const out = capture();
    const log = createAgentLogger({ program: 'qemu-ga', style: 'qemu-ga', level: 'debug', stderr: out.stream, journal: true });
    log.error('e');
    log.warn('w');
    log.debug('d');
    await tick();
    expect(out.text()).toBe('<3>error: e\n<4>warning: w\n<7>debug: d\n');
  });

  it('audit lines go to syslog only ("info: text"), whatever the level; without a sink they are info lines', async () => {
    const out = capture();
    const sys = fakeSyslog();
    const log = createAgentLogger({ program: 'qemu-ga', style: 'qemu-ga', level: 'debug', stderr: out.stream, journal: true, syslog: sys });
    log.audit('guest-ping called');
    await tick();
    expect(sys.lines).toEqual(['6 info: guest-ping called']);
    expect(out.text()).toBe('');
    const plain = capture();
    const other = createAgentLogger({ program: 'ovirt-agent', style: 'tagged', level: 'info', stderr: plain.stream, journal: true });
    other.audit('shutdown requested');
    await tick();
    expect(plain.text()).toBe('<6>ovirt-agent: shutdown requested\n');
  });

  it('keeps lines (audit included) in memory while suspended and writes them on resume, in order', async () => {
    const out = capture();
    const sys = fakeSyslog();
    const log = createAgentLogger({ program: 'qemu-ga', style: 'qemu-ga', level: 'debug', stderr: out.stream, journal: true, syslog: sys });
    log.suspend();
    log.info('while frozen');
    log.audit('guest-fsfreeze called');
    await tick();
    expect(out.text()).toBe('');
    expect(sys.lines).toEqual([]);
    log.resume();
    log.info('after');
    await tick();
    expect(out.text()).toBe('<6>info: while frozen\n<6>info: after\n');
    expect(sys.lines).toEqual(['6 info: guest-fsfreeze called']);
  });

  it('opens the -l file at once (a bad path is an error saying why), but not while starting suspended', async () => {
    expect(() => createAgentLogger({ program: 'qemu-ga', style: 'qemu-ga', level: 'error', logFile: join(dir, 'no/such/dir/qga.log') })).toThrow(
      /^unable to open specified log file .*qga\.log: No such file or directory$/,
    );
    const file = join(dir, 'qga.log');
    const log = createAgentLogger({ program: 'qemu-ga', style: 'qemu-ga', level: 'error', logFile: file, suspended: true });
    log.error('kept');
    expect(existsSync(file)).toBe(false);
    log.resume();
    await log.close();
    expect(readFileSync(file, 'utf8')).toMatch(/^\d+\.\d{6}: error: kept\n$/);
  });
});

describe('syslog socket', () => {
  it('sends glibc-style datagrams to the socket, and drops (never blocks) when nobody listens', async () => {
    const path = join(dir, 'log.sock');
    const receiver = spawn('socat', ['-u', `UNIX-RECV:${path}`, 'STDOUT'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let got = '';
    receiver.stdout.on('data', (d: Buffer) => (got += d.toString()));
    try {
      while (!existsSync(path)) await new Promise((r) => setTimeout(r, 10));
      const sink = openSyslog({ ident: 'qemu-ga', path, now: () => new Date(2026, 11, 3, 9, 5, 7) });
      sink.send(6, 'info: guest-ping called');
      while (!got.includes('called')) await new Promise((r) => setTimeout(r, 10));
      expect(got).toBe('<14>Dec  3 09:05:07 qemu-ga: info: guest-ping called');
      sink.close();
    } finally {
      receiver.kill();
    }
    const none = openSyslog({ ident: 'qemu-ga', path: join(dir, 'absent.sock') });
    none.send(6, 'lost');
    expect(none.dropped).toBe(1);
    expect(syslogHeader(30, new Date(2026, 0, 15, 23, 0, 1))).toBe('<30>Jan 15 23:00:01 ');
  });
});
