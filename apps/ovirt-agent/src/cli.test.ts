import { describe, expect, it } from '@jest/globals';
import { parseCli } from './cli.js';

describe('ovirt-agent options', () => {
  it('has the reference defaults', async () => {
    expect(await parseCli([])).toEqual({
      daemonize: false,
      pidfile: undefined,
      config: ['/usr/share/ovirt-guest-agent/default.conf', '/etc/ovirt-guest-agent.conf'],
      method: undefined,
      path: undefined,
      verbose: false,
    });
  });

  it('takes -p as the pidfile (not a port path) and -d as daemonise', async () => {
    expect(await parseCli(['-d', '-p', '/run/x.pid'])).toMatchObject({ daemonize: true, pidfile: '/run/x.pid' });
    expect(await parseCli(['--pidfile', '/run/y.pid'])).toMatchObject({ pidfile: '/run/y.pid' });
  });

  it('accepts a transport override and config files', async () => {
    expect(await parseCli(['--method', 'unix-listen', '--path', '/tmp/o.sock', '--config', '/a.conf', '/b.conf'])).toMatchObject({
      method: 'unix-listen',
      path: '/tmp/o.sock',
      config: ['/a.conf', '/b.conf'],
    });
  });

  it('rejects unknown options with a hint', async () => {
    await expect(parseCli(['--bogus'])).rejects.toThrow(/Unknown argument: bogus; see ovirt-agent --help/);
  });
});
