/** -d and the pidfile of the bundled agent, on the shared process shell (as the reference: -d forks, -p names the pidfile). */
import { afterAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkDaemonStart } from '@ga/host-kit/daemon-start';

const BUNDLE = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'ovirt-agent.mjs');
const dir = mkdtempSync(join(tmpdir(), 'ovirt-daemon-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ovirt-agent -d', () => {
  it('detaches once serving, holds a locked pidfile, refuses a second instance, removes the pidfile on SIGTERM', async () => {
    writeFileSync(join(dir, 'a.conf'), `[credentials]\nsocket = ${dir}/cred.sock\n`);
    const pidfile = join(dir, 'ovirt.pid');
    const r = await checkDaemonStart(BUNDLE, ['-d', '-p', pidfile, '--config', join(dir, 'a.conf'), '--method', 'unix-listen', '--path', join(dir, 'o.sock')], pidfile);
    expect(r.secondStatus).toBe(1);
    expect(r.secondStderr).toContain('Cannot lock pid file');
  }, 60_000);

  it('--help prints the options and exits 2, as the reference', () => {
    const h = spawnSync(process.execPath, [BUNDLE, '--help'], { encoding: 'utf8' });
    expect(h.status).toBe(2);
    expect(h.stdout).toContain('-p, --pidfile PIDFILE');
  });
});
