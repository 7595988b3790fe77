/** Without -x the daemon detaches on the shared process shell, holding a locked pidfile, as the reference does. */
import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkDaemonStart } from '@ga/host-kit/daemon-start';
import { SpiceHost } from '@ga/spice-sim/host';

const BUNDLE = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'spice-vdagentd.mjs');
const dir = mkdtempSync(join(tmpdir(), 'vdagentd-daemon-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('spice-vdagentd without -x', () => {
  it('detaches once serving, holds a locked pidfile, refuses a second instance, removes the pidfile on SIGTERM', async () => {
    const listener = await SpiceHost.listen(join(dir, 'port.sock'));
    try {
      const pidfile = join(dir, 'vdagentd.pid');
      const r = await checkDaemonStart(BUNDLE, ['-X', '-s', join(dir, 'port.sock'), '-S', join(dir, 'v.sock'), '-f', '-u', join(dir, 'ev'), '--pidfile', pidfile], pidfile);
      expect(r.secondStatus).toBe(1);
      expect(r.secondStderr).toContain('Cannot lock pid file');
    } finally {
      await listener.close();
    }
  }, 60_000);
});
