import { describe, expect, it } from '@jest/globals';
import { constants as osConstants } from 'node:os';
import type { Mount } from '../storage/mounts.js';
import { FakeFsIoctl } from './fake-ioctl.js';
import { trimMounts } from './fstrim.js';

const { EOPNOTSUPP, ENOTTY, EIO, ENOENT } = osConstants.errno;
const m = (dirname: string): Mount => ({ dirname, devtype: 'ext4', devmajor: 8, devminor: 1 });

describe('trimMounts', () => {
  it('trims every mount with minlen and reports per-path results in reverse order', async () => {
    const sys = new FakeFsIoctl();
    sys.trimmed.set('/', 4096n);
    sys.failTrim.set('/cd', ENOTTY);
    sys.failTrim.set('/nfs', EOPNOTSUPP);
    sys.failTrim.set('/bad', EIO);
    sys.failOpen.set('/gone', ENOENT);
    const res = await trimMounts([m('/'), m('/cd'), m('/nfs'), m('/bad'), m('/gone')], 512, sys);
    expect(res).toEqual([
      { path: '/gone', error: 'failed to open: No such file or directory' },
      { path: '/bad', error: 'failed to trim: Input/output error' },
      { path: '/nfs', error: 'trim not supported' },
      { path: '/cd', error: 'trim not supported' },
      { path: '/', trimmed: 4096, minimum: 512 },
    ]);
    expect(sys.calls[1]).toBe('FITRIM / start=0 len=18446744073709551615 minlen=512');
  });
});
