import { describe, expect, it } from '@jest/globals';
import { constants as osConstants } from 'node:os';
import type { Mount } from '../storage/mounts.js';
import { FakeFsIoctl } from './fake-ioctl.js';
import { FreezeError, freezeMounts, thawMounts } from './freeze.js';

const { EOPNOTSUPP, EBUSY, EIO, EACCES } = osConstants.errno;
const m = (dirname: string): Mount => ({ dirname, devtype: 'ext4', devmajor: 8, devminor: 1 });
const mounts = [m('/'), m('/boot'), m('/data')];

describe('freezeMounts', () => {
  it('freezes in reverse mount order and counts', async () => {
    const sys = new FakeFsIoctl();
    expect(await freezeMounts(mounts, { sys })).toBe(3);
    expect(sys.calls).toEqual([
      'open /data', 'FIFREEZE /data', 'close /data',
      'open /boot', 'FIFREEZE /boot', 'close /boot',
      'open /', 'FIFREEZE /', 'close /',
    ]);
  });

  it('only freezes listed mount points and ignores unknown ones', async () => {
    const sys = new FakeFsIoctl();
    expect(await freezeMounts(mounts, { sys, only: ['/boot', '/nonexistent-mp'] })).toBe(1);
    expect(sys.calls).toEqual(['open /boot', 'FIFREEZE /boot', 'close /boot']);
    expect(await freezeMounts(mounts, { sys: new FakeFsIoctl(), only: ['/nonexistent-mp'] })).toBe(0);
  });

  it('skips EOPNOTSUPP and EBUSY without counting them', async () => {
    const sys = new FakeFsIoctl();
    sys.failFreeze.set('/boot', EOPNOTSUPP);
    sys.failFreeze.set('/', EBUSY);
    expect(await freezeMounts(mounts, { sys })).toBe(1);
  });

  it('stops at other errors with qemu-ga texts and the count frozen so far', async () => {
    const sys = new FakeFsIoctl();
    sys.failFreeze.set('/boot', EIO);
    const err = await freezeMounts(mounts, { sys }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FreezeError);
    expect((err as FreezeError).message).toBe('failed to freeze /boot: Input/output error');
    expect((err as FreezeError).frozen).toBe(1);
    const sys2 = new FakeFsIoctl();
    sys2.failOpen.set('/data', EACCES);
    await expect(freezeMounts(mounts, { sys: sys2 })).rejects.toThrow('failed to open /data: Permission denied');
  });

  it('stops when a thaw cancelled the freeze', async () => {
    const sys = new FakeFsIoctl();
    let n = 0;
    const err = await freezeMounts(mounts, { sys, cancelled: () => ++n >= 2 }).catch((e: unknown) => e);
    expect((err as FreezeError).frozen).toBe(2);
    expect((err as FreezeError).message).toBe('fsfreeze was cancelled by a thaw');
  });
});

describe('thawMounts', () => {
  it('repeats FITHAW until it fails and counts mounts thawed at least once', async () => {
    const sys = new FakeFsIoctl();
    sys.depth.set('/boot', 2);
    sys.depth.set('/', 1);
    expect(await thawMounts(mounts, sys)).toBe(2);
    expect(sys.calls).toEqual([
      'open /', 'FITHAW /', 'FITHAW /', 'close /',
      'open /boot', 'FITHAW /boot', 'FITHAW /boot', 'FITHAW /boot', 'close /boot',
      'open /data', 'FITHAW /data', 'close /data',
    ]);
    expect(await thawMounts(mounts, sys)).toBe(0);
  });

  it('skips mounts it cannot open', async () => {
    const sys = new FakeFsIoctl();
    sys.depth.set('/data', 1);
    sys.failOpen.set('/', EACCES);
    expect(await thawMounts(mounts, sys)).toBe(1);
  });
});
