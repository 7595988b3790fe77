import { describe, expect, it } from '@jest/globals';
import { buildConfig, ConfigError, DEFAULT_CONFIG } from './config.js';

describe('config', () => {
  it('has the reference defaults', () => {
    const { config, warnings } = buildConfig([]);
    expect(config).toEqual(DEFAULT_CONFIG);
    expect(warnings).toEqual([]);
    expect(config.general).toMatchObject({ heartBeatRate: 5, reportUserRate: 10, reportNumCpuRate: 60, reportApplicationRate: 120, reportDiskUsage: 300, ignoredNics: ['docker0'], ignoreZeroSizeFs: true });
    expect(config.general.applicationsList).toContain('linux-image');
    expect(config.general.ignoredFs).toContain('tmpfs');
  });

  it('reads the reference file format; later files win', () => {
    const a = '[general]\nheart_beat_rate = 5\napplications_list = kernel\n  cloud-init\n[virtio]\ndevice = /dev/virtio-ports/com.redhat.rhevm.vdsm\n[loggers]\nkeys=root\n[handler_console]\nclass: StreamHandler\n';
    const b = '# local\n[general]\nHeart_Beat_Rate: 7\nignore_zero_size_fs = false\n; comment\n[hooks]\ndirectory = /tmp/h\ntimeout = 1.5\n';
    const { config, warnings } = buildConfig([['/a', a], ['/missing', undefined], ['/b', b]]);
    expect(config.general.heartBeatRate).toBe(7);
    expect(config.general.applicationsList).toEqual(['kernel', 'cloud-init']);
    expect(config.general.ignoreZeroSizeFs).toBe(false);
    expect(config.virtio.devicePrefix).toBe('/dev/virtio-ports/');
    expect(config.hooks).toEqual({ directory: '/tmp/h', timeout: 1.5, budget: 8 });
    expect(warnings).toEqual([]);
  });

  it('rejects bad values with the file, line, key and what is expected', () => {
    expect(() => buildConfig([['/etc/ovirt-guest-agent.conf', '[general]\nignore_zero_size_fs = maybe\n']])).toThrow(
      '/etc/ovirt-guest-agent.conf:2: [general] ignore_zero_size_fs = "maybe": expected true or false (also yes/no, on/off, 1/0)',
    );
    expect(() => buildConfig([['/c', '[general]\nheart_beat_rate = 0\n']])).toThrow(/heart_beat_rate = "0": expected a whole number of seconds/);
    expect(() => buildConfig([['/c', '[general]\nheart_beat_rate = 2.5\n']])).toThrow(ConfigError);
    expect(() => buildConfig([['/c', 'key = value\n']])).toThrow(new ConfigError('/c:1: cannot parse "key = value"; expected "[section]" or "key = value" inside a section'));
  });

  it('warns about unknown keys and sections', () => {
    expect(buildConfig([['/c', '[general]\nfoo = 1\n[bar]\nx = 1\n']]).warnings).toEqual(['/c:2: unknown key "foo" in [general] ignored', '/c: unknown section [bar] ignored']);
  });
});
