import { describe, expect, it } from '@jest/globals';
import { FakeFsIoctl } from '@ga/guest-os/testing/fake-ioctl';
import { fakeRunner, exit } from '@ga/guest-os/testing/fake-runner';
import type { Mount } from '@ga/guest-os/storage/mounts';
import { constants as osConstants } from 'node:os';
import { createFsfreezeHandlers } from './fsfreeze.js';
import { fakeContext } from '../__fixtures__/fake-context.js';

const m = (dirname: string): Mount => ({ dirname, devtype: 'ext4', devmajor: 8, devminor: 1 });
const MOUNTS = [m('/'), m('/data')];

function setup(hookStatus?: number) {
  const sys = new FakeFsIoctl();
  const run = fakeRunner(() => exit(hookStatus ?? 0));
  const h = createFsfreezeHandlers({
    listMounts: async () => MOUNTS,
    sys,
    hook: { run, accessExec: async () => undefined },
  });
  return { sys, run, h };
}

describe('fsfreeze handlers (fake ioctl, never freezes anything real)', () => {
  it('64/65: freeze-list freezes, sets the frozen state, thaw undoes it, a second thaw returns 0', async () => {
    const { sys, h } = setup();
    const ctx = fakeContext({ stateDir: '/state' });
    expect(await h['guest-fsfreeze-freeze-list']({ mountpoints: ['/data'] }, ctx)).toBe(1);
    expect(await h['guest-fsfreeze-status']({}, ctx)).toBe('frozen');
    expect(ctx.frozenCalls).toEqual([true]);
    expect(sys.depth.get('/data')).toBe(1);
    expect(await h['guest-fsfreeze-thaw']({}, ctx)).toBe(1);
    expect(await h['guest-fsfreeze-status']({}, ctx)).toBe('thawed');
    expect(await h['guest-fsfreeze-thaw']({}, ctx)).toBe(0);
    expect(ctx.lines[0]).toBe('audit: guest-fsfreeze called');
  });

  it('63: unknown mount points freeze nothing and leave the agent thawed', async () => {
    const { sys, h } = setup();
    const ctx = fakeContext({ stateDir: '/state' });
    expect(await h['guest-fsfreeze-freeze-list']({ mountpoints: ['/nonexistent-mp'] }, ctx)).toBe(0);
    expect(ctx.frozenCalls).toEqual([true, false]);
    expect(await h['guest-fsfreeze-status']({}, ctx)).toBe('thawed');
    expect(sys.calls).toEqual([]);
  });

  it('freeze freezes every mount in reverse order', async () => {
    const { sys, h } = setup();
    const ctx = fakeContext({ stateDir: '/state' });
    expect(await h['guest-fsfreeze-freeze']({}, ctx)).toBe(2);
    expect(sys.calls.filter((c) => c.startsWith('FIFREEZE'))).toEqual(['FIFREEZE /data', 'FIFREEZE /']);
  });

  it('66: a failing freeze hook aborts before anything is frozen', async () => {
    const { sys, run, h } = setup(7);
    const ctx = fakeContext({ stateDir: '/state',  fsfreezeHook: '/etc/qemu/hook' });
    await expect(h['guest-fsfreeze-freeze']({}, ctx)).rejects.toThrow('fsfreeze hook has failed with status 7');
    expect(await h['guest-fsfreeze-status']({}, ctx)).toBe('thawed');
    expect(ctx.frozenCalls).toEqual([]);
    expect(sys.calls).toEqual([]);
    expect(run.calls).toEqual([{ file: '/etc/qemu/hook', args: ['freeze'] }]);
  });

  it('runs the hook with freeze then thaw around a successful cycle', async () => {
    const { run, h } = setup(0);
    const ctx = fakeContext({ stateDir: '/state',  fsfreezeHook: '/hook' });
    await h['guest-fsfreeze-freeze']({}, ctx);
    await h['guest-fsfreeze-thaw']({}, ctx);
    expect(run.calls.map((c) => c.args[0])).toEqual(['freeze', 'thaw']);
  });

  it('a hard freeze failure thaws what was frozen and reports qemu-ga text', async () => {
    const { sys, h } = setup();
    sys.failFreeze.set('/', osConstants.errno.EIO);
    const ctx = fakeContext({ stateDir: '/state' });
    await expect(h['guest-fsfreeze-freeze']({}, ctx)).rejects.toThrow('failed to freeze /: Input/output error');
    expect(sys.depth.get('/data')).toBe(0);
    expect(ctx.frozenCalls).toEqual([true, false]);
    expect(await h['guest-fsfreeze-status']({}, ctx)).toBe('thawed');
  });

  it('the downstream watchdog thaws after fsfreezeTimeoutSec and logs loudly', async () => {
    const { sys, h } = setup();
    const ctx = fakeContext({ stateDir: '/state',  fsfreezeTimeoutSec: 0.05 });
    await h['guest-fsfreeze-freeze']({}, ctx);
    while (ctx.frozen.frozen) await new Promise((r) => setTimeout(r, 10));
    expect(sys.depth.get('/')).toBe(0);
    expect(ctx.lines.some((l) => l.startsWith('error: fsfreeze watchdog') && l.includes('thawed 2'))).toBe(true);
  });

  it('a thaw during a slow freeze cancels it and leaves nothing frozen', async () => {
    const { sys, h } = setup();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const realIoctl = sys.ioctl.bind(sys);
    sys.ioctl = async (fd, req) => {
      await realIoctl(fd, req);
      if (sys.calls.at(-1) === 'FIFREEZE /data') await gate; // FIFREEZE still "syncing"
    };
    const ctx = fakeContext({ stateDir: '/state' });
    const freezing = h['guest-fsfreeze-freeze']({}, ctx);
    while (!sys.calls.includes('FIFREEZE /data')) await new Promise((r) => setTimeout(r, 5));
    expect(await h['guest-fsfreeze-thaw']({}, ctx)).toBe(1);
    release();
    await expect(freezing).rejects.toThrow('fsfreeze was cancelled by a thaw');
    expect([sys.depth.get('/'), sys.depth.get('/data')]).toEqual([undefined, 0]);
    expect(sys.calls).not.toContain('FIFREEZE /');
  });

  it('fstrim reports per-path results', async () => {
    const { sys, h } = setup();
    sys.trimmed.set('/', 1024n);
    sys.failTrim.set('/data', osConstants.errno.EOPNOTSUPP);
    const ctx = fakeContext({ stateDir: '/state' });
    expect(await h['guest-fstrim']({ minimum: 4096 }, ctx)).toEqual({
      paths: [
        { path: '/data', error: 'trim not supported' },
        { path: '/', trimmed: 1024, minimum: 4096 },
      ],
    });
  });
});
