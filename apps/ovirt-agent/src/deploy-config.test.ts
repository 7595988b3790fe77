import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildConfig, DEFAULT_CONFIG } from './config.js';

const deploy = (f: string) => readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'deploy', f), 'utf8');

describe('deploy files', () => {
  it('the shipped config parses to the defaults', () => {
    expect(buildConfig([['ovirt-guest-agent.conf', deploy('ovirt-guest-agent.conf')]])).toEqual({ config: DEFAULT_CONFIG, warnings: [] });
  });
  it('the unit restarts on failure and the udev rule covers both port names', () => {
    expect(deploy('ovirt-guest-agent.service')).toMatch(/^Restart=on-failure$/m);
    expect(deploy('55-ovirt-guest-agent.rules')).toContain('virtio-ports/ovirt-guest-agent.0');
    expect(deploy('55-ovirt-guest-agent.rules')).toContain('virtio-ports/com.redhat.rhevm.vdsm');
  });
});
