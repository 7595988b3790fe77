import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUNDLE, E2E_TIMEOUT_MS, requireBundle, startAgent } from './helpers/agent.js';
import { processAlive } from '@ga/host-kit/agent-process';

const waitFor = async (cond: () => boolean): Promise<void> => {
  while (!cond()) await new Promise((r) => setTimeout(r, 20));
};

describe('qemu-ga bundle: lifecycle', () => {
  it('-d returns once the daemon serves, writes the pidfile, refuses a second instance, removes it on SIGTERM', async () => {
    requireBundle();
    const dir = mkdtempSync(join(tmpdir(), 'qga-daemon-'));
    const state = join(dir, 'state');
    mkdirSync(state);
    const pidfile = join(dir, 'qga.pid');
    const args = [BUNDLE, '-d', '-f', pidfile, '-m', 'unix-listen', '-p', join(dir, 's'), '-t', state];
    const env = { ...process.env, QGA_CONF: '/nonexistent/qemu-ga.conf' };
    let pid = 0;
    try {
      const first = spawnSync(process.execPath, args, { env, encoding: 'utf8' });
      expect(first.status).toBe(0);
      pid = Number(readFileSync(pidfile, 'utf8').trim());
      expect(processAlive(pid)).toBe(true);
      const reply = await new Promise<string>((resolve, reject) => {
        const s = createConnection(join(dir, 's'));
        let text = '';
        s.on('data', (d) => {
          text += d.toString();
          if (text.endsWith('\n')) s.end(() => resolve(text));
        });
        s.on('error', reject);
        s.write('{"execute":"guest-ping","id":"d"}');
      });
      expect(reply).toBe('{"return": {}, "id": "d"}\n');
      const second = spawnSync(process.execPath, [BUNDLE, '-d', '-f', pidfile, '-m', 'unix-listen', '-p', join(dir, 's2'), '-t', state], {
        env,
        encoding: 'utf8',
      });
      expect(second.status).toBe(1);
      expect(second.stderr).toContain('Cannot lock pid file: Resource temporarily unavailable');
      process.kill(pid, 'SIGTERM');
      await waitFor(() => !processAlive(pid));
      expect(existsSync(pidfile)).toBe(false);
    } finally {
      if (pid && processAlive(pid)) process.kill(pid, 'SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  }, E2E_TIMEOUT_MS);

  it('SIGTERM while frozen thaws (marker removed) and exits 0', async () => {
    const agent = await startAgent([], (dir) => writeFileSync(join(dir, 'qga.state.isfrozen'), ''));
    try {
      const c = await agent.connect();
      expect(await c.request('{"execute":"guest-fsfreeze-status"}')).toEqual(['{"return": "frozen"}']);
      await c.close();
      expect(await agent.stop()).toBe(0);
      expect(existsSync(join(agent.stateDir, 'qga.state.isfrozen'))).toBe(false);
      expect(agent.stderr()).toContain('while filesystems are frozen: thawing before exit');
    } finally {
      agent.cleanup();
    }
  }, E2E_TIMEOUT_MS);

  it('-v logs what was read and sent with qemu-ga time stamps, but never a password', async () => {
    const agent = await startAgent(['-v']);
    try {
      const c = await agent.connect();
      await c.request('{"execute":"guest-set-user-password","arguments":{"username":"nobody-qga-test","password":"c2VjcmV0LXBhc3N3b3Jk","crypted":"no-side-effect: type error"}}');
      await c.request('{"execute":"guest-ping","id":"an-id-value"}');
      await c.close();
      expect(await agent.stop()).toBe(0);
      const err = agent.stderr();
      expect(err).toMatch(/^\d+\.\d{6}: debug: read data, count: \d+, data: \{"execute":"guest-ping","id":"an-id-value"\}$/m);
      expect(err).toMatch(/^\d+\.\d{6}: debug: sending data, count: \d+$/m);
      expect(err).toContain('"password":"<hidden>"');
      expect(err).not.toContain('c2VjcmV0LXBhc3N3b3Jk');
    } finally {
      agent.cleanup();
    }
  }, E2E_TIMEOUT_MS);
});
