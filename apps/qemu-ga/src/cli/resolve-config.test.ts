import { describe, expect, it } from '@jest/globals';
import { ConfigError, UsageError, resolveCli } from './resolve-config.js';
import type { ResolveDeps } from './resolve-config.js';
import { dumpConf } from './dump-conf.js';
import { helpText } from './help.js';
import { normalizeArgv } from './parse-args.js';
import { OPTIONS } from './options.js';

function deps(files: Record<string, string> = {}, env: NodeJS.ProcessEnv = {}): ResolveDeps {
  return {
    env,
    readFile: (p) => {
      if (p in files) return files[p]!;
      throw Object.assign(new Error(`ENOENT: no such file or directory, open '${p}'`), { code: 'ENOENT' });
    },
  };
}

describe('qemu-ga command line', () => {
  it('applies defaults', () => {
    const { action, config } = resolveCli([], deps());
    expect(action).toBe('run');
    expect(config).toMatchObject({
      method: 'virtio-serial',
      path: '/dev/virtio-ports/org.qemu.guest_agent.0',
      stateDir: '/var/run',
      pidFile: '/var/run/qemu-ga.pid',
      daemonize: false,
      verbose: false,
      retryPath: false,
      blockRpcs: [],
    });
    expect(config.allowRpcs).toBeUndefined();
    expect(config.fsfreezeHook).toBeUndefined();
  });

  it('parses short, clustered, attached and long forms like getopt', () => {
    const { config } = resolveCli(['-m', 'unix-listen', '-p/tmp/s', '-dv', '--state', '/st', '--logfile=/l', '-r'], deps());
    expect(config).toMatchObject({ method: 'unix-listen', path: '/tmp/s', daemonize: true, verbose: true, stateDir: '/st', logFile: '/l', retryPath: true });
    expect(normalizeArgv(['-vdm', 'x'])).toEqual(['--verbose', '--daemonize', '--method=x']);
  });

  it('-F takes an optional attached argument; bare -F means the default hook', () => {
    expect(resolveCli(['-F'], deps()).config.fsfreezeHook).toBe('/etc/qemu/fsfreeze-hook');
    expect(resolveCli(['-F/x/hook'], deps()).config.fsfreezeHook).toBe('/x/hook');
    expect(resolveCli(['--fsfreeze-hook=/y'], deps()).config.fsfreezeHook).toBe('/y');
    // "-F /path": the path is an operand getopt leaves alone; the default hook is used.
    expect(resolveCli(['-F', '/z'], deps()).config.fsfreezeHook).toBe('/etc/qemu/fsfreeze-hook');
  });

  it('defaults the path from the method; sockets need -p (as qemu-ga)', () => {
    expect(resolveCli(['-m', 'isa-serial'], deps()).config.path).toBe('/dev/ttyS0');
    expect(() => resolveCli(['-m', 'unix-listen', '-D'], deps())).toThrow(/^must specify a path for this channel/);
    expect(resolveCli(['-m', 'unix-listen'], deps({}, { LISTEN_FDS: '1' })).config.path).toBe('');
  });

  it('-b help and -a help list the commands', () => {
    expect(resolveCli(['-b', 'help'], deps()).action).toBe('list-rpcs');
    expect(resolveCli(['--allow-rpcs=help'], deps()).action).toBe('list-rpcs');
  });

  it('-h and -V', () => {
    expect(resolveCli(['-h'], deps()).action).toBe('help');
    expect(resolveCli(['-V'], deps()).action).toBe('version');
    const help = helpText();
    for (const o of OPTIONS) expect(help).toContain(`--${o.long}`);
  });

  it('rejects unknown options with getopt wording', () => {
    expect(() => resolveCli(['-z'], deps())).toThrow(new UsageError("invalid option -- 'z'"));
    expect(() => resolveCli(['--nope'], deps())).toThrow(new UsageError("unrecognized option '--nope'"));
    expect(() => resolveCli(['-m'], deps())).toThrow(UsageError);
  });

  it('refuses -a together with -b', () => {
    expect(() => resolveCli(['-a', 'guest-ping', '-b', 'guest-exec'], deps())).toThrow(ConfigError);
  });

  it('reads QGA_CONF, then lets the command line override and lists accumulate', () => {
    const conf = '[general]\ndaemon=false\nmethod=unix-listen\npath=/d/qga.sock\nstatedir=/d\nverbose=true\nblock-rpcs=guest-file-open,guest-exec\n';
    const { config, action } = resolveCli(['-D', '-b', 'guest-ping,guest-info', '-F'], deps({ '/c.conf': conf }, { QGA_CONF: '/c.conf' }));
    expect(action).toBe('dump-conf');
    // -D output of Debian's qemu-ga 7.2 for the same input, plus allow-rpcs as newer qemu-ga prints it.
    expect(dumpConf(config)).toBe(
      [
        '[general]',
        'daemon=false',
        'method=unix-listen',
        'path=/d/qga.sock',
        'pidfile=/var/run/qemu-ga.pid',
        'fsfreeze-hook=/etc/qemu/fsfreeze-hook',
        'statedir=/d',
        'verbose=true',
        'retry-path=false',
        'block-rpcs=guest-exec,guest-file-open,guest-info,guest-ping',
        'allow-rpcs=',
        '',
      ].join('\n'),
    );
  });

  it('reads /etc/qemu/qemu-ga.conf by default; a missing default file is fine; -c must exist', () => {
    expect(resolveCli([], deps({ '/etc/qemu/qemu-ga.conf': '[general]\nmethod=isa-serial\n' })).config.method).toBe('isa-serial');
    expect(resolveCli([], deps()).config.method).toBe('virtio-serial');
    expect(() => resolveCli(['-c', '/missing.conf'], deps())).toThrow(/error loading configuration from path: \/missing.conf/);
    expect(resolveCli(['-c', '/x.conf'], deps({ '/x.conf': '[general]\nretry-path=1\n' })).config.retryPath).toBe(true);
  });

  it('reports malformed config files with GLib wording', () => {
    expect(() => resolveCli([], deps({ '/c': 'bad\n' }, { QGA_CONF: '/c' }))).toThrow(
      'error loading configuration from path: /c, Key file contains line “bad” which is not a key-value pair, group, or comment',
    );
    expect(() => resolveCli([], deps({ '/c': '[general]\ndaemon=maybe\n' }, { QGA_CONF: '/c' }))).toThrow(/daemon/);
  });

  it('downstream extras are off by default and settable', () => {
    const { config } = resolveCli(['--fsfreeze-timeout', '60', '--exec-timeout=5', '--command-timeout', '0'], deps());
    expect(config).toMatchObject({ fsfreezeTimeoutSec: 60, execTimeoutSec: 5, commandTimeoutSec: 0 });
    expect(resolveCli([], deps()).config.commandTimeoutSec).toBe(30);
    expect(() => resolveCli(['--exec-timeout', 'soon'], deps())).toThrow(ConfigError);
  });
});
