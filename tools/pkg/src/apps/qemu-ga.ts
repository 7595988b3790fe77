import type { AppSpec } from '../app-spec.js';

/** Debian 12's qemu-guest-agent ships the same paths (dpkg -L qemu-guest-agent). */
export const qemuGa: AppSpec = {
  app: 'qemu-ga',
  pkg: 'qemu-ga-ts',
  section: 'otherosfs',
  summary: 'QEMU guest agent (TypeScript implementation)',
  description: [
    'A daemon inside a QEMU/KVM guest that answers the host (libvirt, Proxmox,' +
      ' oVirt) on the virtio-serial port org.qemu.guest_agent.0: guest-ping, time,' +
      ' file-system freeze and thaw, guest-exec, file access, network and disk' +
      ' information, shutdown.',
    'It speaks the wire protocol of QEMU\'s qemu-ga byte for byte and takes its' +
      ' command line, config file and fsfreeze hook. It replaces the' +
      ' qemu-guest-agent package and needs Node.js 20.19 or newer.',
  ],
  replaces: ['qemu-guest-agent'],
  programs: [
    { path: '/usr/sbin/qemu-ga', bundle: 'qemu-ga.mjs', manSection: 8, summary: 'QEMU Guest Agent', options: { module: 'src/cli/options.ts', exportName: 'QGA_OPTIONS', synopsis: '[-m <method> -p <path>] [<options>]' } },
  ],
  placed: [
    { from: 'fsfreeze-hook', to: '/etc/qemu/fsfreeze-hook', mode: 0o755 },
  ],
  dirs: ['/etc/qemu/fsfreeze-hook.d'],
  enable: [],
  udevPorts: ['org.qemu.guest_agent.0'],
  manFiles: [
    ['/etc/qemu/qemu-ga.conf', 'configuration file read at start (keys are the long option names)'],
    ['/etc/qemu/fsfreeze-hook', 'hook run with "freeze" and "thaw"; runs the executables in /etc/qemu/fsfreeze-hook.d'],
    ['/dev/virtio-ports/org.qemu.guest_agent.0', 'the host\'s channel'],
  ],
  seeAlso: ['systemd.service(5)', 'virsh(1)'],
};
