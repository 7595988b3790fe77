import { describe, expect, it } from '@jest/globals';
import { channelPath, devicePrefix, iniValue } from './channel-path.js';

const files: Record<string, string> = {
  '/usr/share/ovirt-guest-agent/default.conf': '[general]\nheart_beat_rate = 5\n\n[virtio]\n# comment\ndevice_prefix = /dev/virtio-ports/\n',
  '/etc/ovirt-guest-agent.conf': '[virtio]\nDevice_Prefix: /srv/ports/\n',
};
const deps = (existing: string[]) => ({ readFile: (p: string) => files[p], exists: (p: string) => existing.includes(p) });

describe('channel path', () => {
  it('reads ConfigParser-style values', () => {
    expect(iniValue(files['/usr/share/ovirt-guest-agent/default.conf']!, 'virtio', 'device_prefix')).toBe('/dev/virtio-ports/');
    expect(iniValue('[general]\ndevice_prefix=x\n', 'virtio', 'device_prefix')).toBeUndefined();
  });

  it('lets later config files win and falls back to the default prefix', () => {
    expect(devicePrefix(Object.keys(files), deps([]))).toBe('/srv/ports/');
    expect(devicePrefix(['/missing.conf'], deps([]))).toBe('/dev/virtio-ports/');
  });

  it('prefers ovirt-guest-agent.0 and uses the legacy name only when it alone exists', () => {
    const cfg = ['/usr/share/ovirt-guest-agent/default.conf'];
    expect(channelPath(cfg, deps([]))).toBe('/dev/virtio-ports/ovirt-guest-agent.0');
    expect(channelPath(cfg, deps(['/dev/virtio-ports/com.redhat.rhevm.vdsm']))).toBe('/dev/virtio-ports/com.redhat.rhevm.vdsm');
    expect(channelPath(cfg, deps(['/dev/virtio-ports/com.redhat.rhevm.vdsm', '/dev/virtio-ports/ovirt-guest-agent.0']))).toBe('/dev/virtio-ports/ovirt-guest-agent.0');
  });
});
