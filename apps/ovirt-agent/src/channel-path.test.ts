import { describe, expect, it } from '@jest/globals';
import { channelPath } from './channel-path.js';

describe('channel path', () => {
  it('prefers ovirt-guest-agent.0 and uses the legacy name only when it alone exists', () => {
    const p = '/dev/virtio-ports/';
    expect(channelPath(p, () => false)).toBe('/dev/virtio-ports/ovirt-guest-agent.0');
    expect(channelPath(p, (f) => f === '/dev/virtio-ports/com.redhat.rhevm.vdsm')).toBe('/dev/virtio-ports/com.redhat.rhevm.vdsm');
    expect(channelPath('/srv/ports/', () => true)).toBe('/srv/ports/ovirt-guest-agent.0');
  });
});
