import { describe, expect, it } from '@jest/globals';
import { UsageError } from '@ga/options/option-table';
import { helpText, parseCli, pidfileFor } from './cli.js';

describe('ovirt-agent options', () => {
  it('has the reference defaults', () => {
    expect(parseCli([])).toEqual({
      help: false,
      daemonize: false,
      pidfile: undefined,
      config: ['/usr/share/ovirt-guest-agent/default.conf', '/etc/ovirt-guest-agent.conf'],
      method: undefined,
      path: undefined,
      verbose: false,
    });
    expect(pidfileFor(parseCli([]))).toBe('/run/ovirt-guest-agent.pid');
  });

  it('takes the reference getopt "?hp:d": -p PIDFILE, --pidfile=, -d, -h, -?, --help', () => {
    expect(parseCli(['-d', '-p', '/run/x.pid'])).toMatchObject({ daemonize: true, pidfile: '/run/x.pid' });
    expect(parseCli(['-dp/run/z.pid'])).toMatchObject({ daemonize: true, pidfile: '/run/z.pid' });
    expect(parseCli(['--pidfile=/run/y.pid']).pidfile).toBe('/run/y.pid');
    for (const h of ['-h', '-?', '--help']) expect(parseCli([h]).help).toBe(true);
    expect(helpText()).toContain('-p, --pidfile PIDFILE');
  });

  it('accepts a transport override and config files; under --method only -p writes a pidfile', () => {
    const c = parseCli(['--method', 'unix-listen', '--path', '/tmp/o.sock', '--config', '/a.conf', '--config=/b.conf']);
    expect(c).toMatchObject({ method: 'unix-listen', path: '/tmp/o.sock', config: ['/a.conf', '/b.conf'] });
    expect(pidfileFor(c)).toBeUndefined();
  });

  it('rejects unknown options with getopt wording', () => {
    expect(() => parseCli(['--bogus'])).toThrow(new UsageError("unrecognized option '--bogus'"));
    expect(() => parseCli(['-z'])).toThrow(new UsageError("invalid option -- 'z'"));
  });
});
