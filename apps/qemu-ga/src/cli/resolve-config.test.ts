import { describe, expect, it } from '@jest/globals';
import { ConfigError, UsageError, resolveCli } from './resolve-config.js';
import type { ResolveDeps } from './resolve-config.js';
import { dumpConfig } from '@ga/options/dump';
import { helpText } from './help.js';
import { normalizeArgv } from '@ga/options/getopt';
import { OPTIONS, QGA_OPTIONS } from './options.js';
import type { AgentConfig } from '../context.js';

const dumpConf = (c: AgentConfig): string => dumpConfig(QGA_OPTIONS, c);

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
    expect(normalizeArgv(QGA_OPTIONS, ['-vdm', 'x']).tokens).toEqual(['--verbose', '--daemonize', '--method=x']);
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
    for (const o of OPTIONS.filter((x) => !x.hidden)) expect(help).toContain(`--${o.long}`);
    expect(help).not.toContain('--service');
  });

  it('rejects unknown options with getopt wording', () => {
    expect(() => resolveCli(['-z'], deps())).toThrow(new UsageError("invalid option -- 'z'"));
    expect(() => resolveCli(['--nope'], deps())).toThrow(new UsageError("unrecognized option '--nope'"));
    expect(() => resolveCli(['-m'], deps())).toThrow(UsageError);
  });

  it('takes -a together with -b, as QEMU >= 9.1 (the block-list applies on top of the allow-list)', () => {
    const { config } = resolveCli(['-a', 'guest-ping,guest-exec', '-b', 'guest-exec'], deps());
    expect(config.allowRpcs).toEqual(['guest-exec', 'guest-ping']);
    expect(config.blockRpcs).toEqual(['guest-exec']);
  });

  it('loads a config file written by its own -D (empty block-rpcs= and allow-rpcs= are no lists), and the dump reads back the same', () => {
    const first = resolveCli(['-D', '-m', 'unix-listen', '-p', '/d/s', '-b', 'guest-exec'], deps());
    const dump = dumpConf(first.config);
    expect(dump).toContain('allow-rpcs=\n');
    const again = resolveCli(['-D'], deps({ '/c': dump }, { QGA_CONF: '/c' }));
    expect(again.config.allowRpcs).toBeUndefined();
    expect(dumpConf(again.config)).toBe(dump);
    const none = resolveCli([], deps({ '/c': '[general]\nblock-rpcs=\nallow-rpcs=\n' }, { QGA_CONF: '/c' }));
    expect(none.config).toMatchObject({ blockRpcs: [] });
    expect(none.config.allowRpcs).toBeUndefined();
  });

  it('honours the legacy blacklist key and --blacklist, with deprecation warnings', () => {
    const fromFile = resolveCli([], deps({ '/c': '[general]\nblacklist=guest-exec,guest-file-open\n' }, { QGA_CONF: '/c' }));
    expect(fromFile.config.blockRpcs).toEqual(['guest-file-open', 'guest-exec']);
    expect(fromFile.warnings).toEqual(["config 'blacklist' is deprecated, use 'block-rpcs' instead"]);
    const fromArgs = resolveCli(['--blacklist', 'guest-ping', '--blacklist=guest-info'], deps());
    expect(fromArgs.config.blockRpcs).toEqual(['guest-ping', 'guest-info']);
    expect(fromArgs.warnings).toEqual(["option '--blacklist' is deprecated, use '--block-rpcs' instead", "option '--blacklist' is deprecated, use '--block-rpcs' instead"]);
    // a prefix shared by the old and the new name of one option is no ambiguity (glibc getopt_long)
    expect(resolveCli(['--bl', 'guest-ping'], deps()).config.blockRpcs).toEqual(['guest-ping']);
  });

  it('accepts and ignores -s (Windows service control) as qemu-ga does on Linux', () => {
    expect(resolveCli(['-s', 'install'], deps()).action).toBe('run');
    expect(resolveCli(['--service=uninstall', '-V'], deps()).action).toBe('version');
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
