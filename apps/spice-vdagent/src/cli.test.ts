import { describe, expect, it } from '@jest/globals';
import { UsageError } from '@ga/options/option-table';
import { helpText, parseCli } from './cli.js';

describe('spice-vdagentd options', () => {
  it('has the reference defaults', () => {
    expect(parseCli([])).toEqual({
      help: false,
      debug: 0,
      portPath: '/dev/virtio-ports/com.redhat.spice.0',
      sessionSocket: '/run/spice-vdagentd/spice-vdagent-sock',
      uinput: '/dev/uinput',
      fakeUinput: false,
      foreground: false,
      onlyOnce: false,
      noSessionTracking: false,
      method: undefined,
      path: undefined,
      pidfile: '/run/spice-vdagentd/spice-vdagentd.pid',
    });
  });

  it('parses the reference flags, -d counted', () => {
    const o = parseCli(['-x', '-d', '-d', '-X', '-f', '-u', '/tmp/u', '-s', '/tmp/p', '-S', '/tmp/s', '-o']);
    expect(o).toMatchObject({ debug: 2, foreground: true, noSessionTracking: true, fakeUinput: true, uinput: '/tmp/u', portPath: '/tmp/p', sessionSocket: '/tmp/s', onlyOnce: true });
    expect(parseCli(['-xdd']).debug).toBe(2);
    expect(parseCli(['--virtio-serial-port-path=/p']).portPath).toBe('/p');
    expect(helpText()).toContain('-S, --vdagentd-socket PATH');
  });

  it('rejects unknown options with getopt wording', () => {
    expect(() => parseCli(['--bogus'])).toThrow(new UsageError("unrecognized option '--bogus'"));
  });
});
