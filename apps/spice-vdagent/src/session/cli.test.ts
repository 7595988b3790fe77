import { describe, expect, it } from '@jest/globals';
import { UsageError } from '@ga/options/option-table';
import { DEFAULT_DAEMON_SOCKET, DEFAULT_PORT_PATH, parseSessionCli, sessionHelpText } from './cli.js';

describe('spice-vdagent command line', () => {
  it('has the original defaults', () => {
    expect(parseSessionCli([])).toEqual({ help: false, debug: false, portPath: DEFAULT_PORT_PATH, daemonSocket: DEFAULT_DAEMON_SOCKET, foreground: false, saveDir: undefined, openDir: -1, display: undefined });
  });

  it('takes the short and long options of the original', () => {
    expect(parseSessionCli(['-x', '-d', '-f', '/tmp/d', '-o', '0', '-s', '/p', '-S', '/s', '-y', '--display', ':3'])).toEqual({
      help: false,
      debug: true,
      portPath: '/p',
      daemonSocket: '/s',
      foreground: true,
      saveDir: '/tmp/d',
      openDir: 0,
      display: ':3',
    });
    expect(parseSessionCli(['--file-xfer-save-dir', 'xdg-download', '--file-xfer-open-dir', '1', '--foreground']).openDir).toBe(1);
    expect(sessionHelpText()).toContain('-f, --file-xfer-save-dir DIR');
    expect(sessionHelpText()).not.toContain('x11-abort-on-error');
  });

  it('refuses unknown options and a bad -o', () => {
    expect(() => parseSessionCli(['--bogus'])).toThrow(new UsageError("unrecognized option '--bogus'"));
    expect(() => parseSessionCli(['-o', '2'])).toThrow('-o takes 0 or 1, not 2');
  });
});
