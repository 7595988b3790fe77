import { describe, expect, it } from '@jest/globals';
import { DEFAULT_DAEMON_SOCKET, DEFAULT_PORT_PATH, parseSessionCli } from './cli.js';

describe('spice-vdagent command line', () => {
  it('has the original defaults', async () => {
    expect(await parseSessionCli([])).toEqual({ debug: false, portPath: DEFAULT_PORT_PATH, daemonSocket: DEFAULT_DAEMON_SOCKET, foreground: false, saveDir: undefined, openDir: -1, display: undefined });
  });

  it('takes the short and long options of the original', async () => {
    expect(await parseSessionCli(['-x', '-d', '-f', '/tmp/d', '-o', '0', '-s', '/p', '-S', '/s', '-y', '--display', ':3'])).toEqual({
      debug: true,
      portPath: '/p',
      daemonSocket: '/s',
      foreground: true,
      saveDir: '/tmp/d',
      openDir: 0,
      display: ':3',
    });
    expect((await parseSessionCli(['--file-xfer-save-dir', 'xdg-download', '--file-xfer-open-dir', '1', '--foreground'])).openDir).toBe(1);
  });

  it('refuses unknown options', async () => {
    await expect(parseSessionCli(['--bogus'])).rejects.toThrow(/bogus/);
  });
});
