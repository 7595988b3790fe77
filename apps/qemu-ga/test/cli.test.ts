import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { E2E_TIMEOUT_MS, runOnce } from './helpers/agent.js';

describe('qemu-ga bundle: command line', () => {
  it('-b help lists the 43 commands, one per line', () => {
    const r = runOnce(['-b', 'help']);
    expect(r.code).toBe(0);
    const names = r.stdout.trim().split('\n');
    expect(names).toHaveLength(43);
    expect(names[0]).toBe('guest-sync-delimited');
    expect(names).not.toContain('guest-get-devices');
  }, E2E_TIMEOUT_MS);

  it('-V and -h', () => {
    expect(runOnce(['-V']).stdout).toMatch(/^QEMU Guest Agent 10\.1\.0/);
    const h = runOnce(['--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('--block-rpcs');
  }, E2E_TIMEOUT_MS);

  it('-D prints the effective config from QGA_CONF and the command line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qga-cli-'));
    try {
      writeFileSync(join(dir, 'c.conf'), `[general]\nmethod=unix-listen\npath=${dir}/s\nverbose=true\nblock-rpcs=guest-file-open,guest-exec\n`);
      const r = runOnce(['-D', '-b', 'guest-ping'], { QGA_CONF: join(dir, 'c.conf') });
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(
        `[general]\ndaemon=false\nmethod=unix-listen\npath=${dir}/s\npidfile=/var/run/qemu-ga.pid\nstatedir=/var/run\nverbose=true\nretry-path=false\nblock-rpcs=guest-exec,guest-file-open,guest-ping\nallow-rpcs=\n`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, E2E_TIMEOUT_MS);

  it('refuses unknown options and a missing statedir with exit 1', () => {
    const bad = runOnce(['-z']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("invalid option -- 'z'");
    const nodir = runOnce(['-m', 'unix-listen', '-p', '/tmp/x.sock', '-t', '/nonexistent/state']);
    expect(nodir.code).toBe(1);
    expect(nodir.stderr).toContain("state directory '/nonexistent/state' does not exist");
  }, E2E_TIMEOUT_MS);

  it('a unix method without a path fails like qemu-ga', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qga-cli-'));
    try {
      const r = runOnce(['-m', 'unix-listen', '-p', '', '-t', dir]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('must specify a path for this channel');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, E2E_TIMEOUT_MS);
});
