import type { AppSpec } from '../app-spec.js';

/**
 * The original (oVirt/ovirt-guest-agent, last in Debian 10 as
 * ovirt-guest-agent) has no program on PATH: its unit runs
 * /usr/share/ovirt-guest-agent/ovirt-guest-agent.py with python2. The
 * launcher takes the package's and unit's name in /usr/sbin instead.
 */
export const ovirtAgent: AppSpec = {
  app: 'ovirt-agent',
  pkg: 'ovirt-guest-agent-ts',
  section: 'admin',
  summary: 'oVirt guest agent (TypeScript implementation)',
  description: [
    'A daemon inside an oVirt/RHV guest that reports to VDSM on the virtio-serial' +
      ' port ovirt-guest-agent.0 (or com.redhat.rhevm.vdsm): heartbeat, host name,' +
      ' operating system, applications, network interfaces, users, memory and disks,' +
      ' and carries out the host\'s shutdown, lock and log-off requests.',
    'It speaks the wire protocol of ovirt-guest-agent 1.0 and reads its config' +
      ' files. It replaces the ovirt-guest-agent package and needs Node.js 20.19' +
      ' or newer.',
  ],
  replaces: ['ovirt-guest-agent'],
  programs: [
    { path: '/usr/sbin/ovirt-guest-agent', bundle: 'ovirt-agent.mjs', manSection: 8, summary: 'oVirt Guest Agent', options: { module: 'src/cli.ts', exportName: 'OVIRT_OPTIONS', synopsis: '[OPTION]...' } },
  ],
  placed: [
    { from: 'ovirt-guest-agent.conf', to: '/etc/ovirt-guest-agent.conf' },
    { from: 'default.conf', to: '/usr/share/ovirt-guest-agent/default.conf' },
    { from: 'default-logger.conf', to: '/usr/share/ovirt-guest-agent/default-logger.conf' },
    // Debian 12 keeps package D-Bus policies under /usr/share (lintian: dbus-policy-in-etc).
    { from: 'org.ovirt.vdsm.Credentials.conf', to: '/usr/share/dbus-1/system.d/org.ovirt.vdsm.Credentials.conf' },
    { from: 'uninstalled.sh', to: '/usr/share/ovirt-guest-agent/uninstalled.sh', mode: 0o755 },
  ],
  // ExecStartPre=/sbin/modprobe virtio_console; postinst creates the user with adduser.
  depends: ['kmod', 'adduser'],
  systemUser: 'ovirtagent',
  prermHook: '/usr/share/ovirt-guest-agent/uninstalled.sh',
  dirs: [],
  enable: ['ovirt-guest-agent.service'],
  udevPorts: ['ovirt-guest-agent.0', 'com.redhat.rhevm.vdsm'],
  manFiles: [
    ['/etc/ovirt-guest-agent.conf', 'local settings; read after /usr/share/ovirt-guest-agent/default.conf'],
    ['/dev/virtio-ports/ovirt-guest-agent.0', 'the host\'s channel (com.redhat.rhevm.vdsm on older hosts)'],
  ],
  seeAlso: ['qemu-ga(8)', 'systemd.service(5)'],
};
