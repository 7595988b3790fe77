import type { AppSpec } from '../app-spec.js';

/** Debian 12's spice-vdagent ships the same paths (dpkg -L spice-vdagent). */
export const spiceVdagent: AppSpec = {
  app: 'spice-vdagent',
  pkg: 'spice-vdagent-ts',
  section: 'x11',
  summary: 'SPICE guest agent (TypeScript implementation)',
  description: [
    'The SPICE agent of a QEMU/KVM guest: the system daemon spice-vdagentd talks' +
      ' to the SPICE client on the virtio-serial port com.redhat.spice.0 (mouse,' +
      ' monitor configuration, file transfer) and relays to the per-session' +
      ' spice-vdagent of each desktop session (clipboard, resolution).',
    'It speaks the wire protocol of spice-vdagent 0.22 and takes its command' +
      ' line. It replaces the spice-vdagent package and needs Node.js 20.19 or' +
      ' newer.',
  ],
  replaces: ['spice-vdagent'],
  programs: [
    { path: '/usr/sbin/spice-vdagentd', bundle: 'spice-vdagentd.mjs', manSection: 8, summary: 'SPICE guest agent daemon', options: { module: 'src/cli.ts', exportName: 'VDAGENTD_OPTIONS', synopsis: '[OPTION...]' } },
    { path: '/usr/bin/spice-vdagent', bundle: 'spice-vdagent.mjs', manSection: 1, summary: 'SPICE guest agent, desktop session part', options: { module: 'src/session/cli.ts', exportName: 'SESSION_OPTIONS', synopsis: '[OPTION...]' } },
  ],
  placed: [
    { from: 'spice-vdagentd.default', to: '/etc/default/spice-vdagentd' },
    { from: 'spice-vdagentd.conf', to: '/usr/lib/tmpfiles.d/spice-vdagentd.conf' },
    { from: 'session/spice-vdagent.service', to: '/usr/lib/systemd/user/spice-vdagent.service' },
    { from: 'session/spice-vdagent.desktop', to: '/etc/xdg/autostart/spice-vdagent.desktop' },
  ],
  dirs: [],
  enable: ['spice-vdagentd.socket'],
  udevPorts: ['com.redhat.spice.0'],
  manFiles: [
    ['/run/spice-vdagentd/spice-vdagent-sock', 'socket between the daemon and the session agents'],
    ['/dev/virtio-ports/com.redhat.spice.0', 'the SPICE client\'s channel'],
  ],
  seeAlso: ['systemd.socket(5)'],
};
