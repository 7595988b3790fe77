/**
 * The test VM's host<->guest ports: the one list the QEMU command line, the
 * guest paths and the tests all read. Each port is a QEMU chardev on a host
 * UNIX socket (server=on,wait=off); the host test connects to it.
 */

/** virtio-serial port names an agent may use, as QEMU's `virtserialport name=`. */
export const VIRTIO_PORTS = [
  'org.qemu.guest_agent.0',
  'ovirt-guest-agent.0',
  // Legacy names still probed by the oVirt agent and spice-vdagent.
  'com.redhat.rhevm.vdsm',
  'com.redhat.spice.0',
] as const;

/** The driver's own control port (see guest/control.sh); not for agents. */
export const CONTROL_PORT = 'ga.control';

/** The isa-serial port: QEMU's second `-serial`, so the guest's /dev/ttyS1. */
export const ISA_SERIAL_PORT = 'isa-serial';

export type VirtioPortName = (typeof VIRTIO_PORTS)[number];
export type PortName = VirtioPortName | typeof ISA_SERIAL_PORT | typeof CONTROL_PORT;

/** The device path of a port inside the guest. */
export function guestPortPath(port: PortName): string {
  return port === ISA_SERIAL_PORT ? '/dev/ttyS1' : `/dev/virtio-ports/${port}`;
}

/** File name of a port's host socket inside the VM's run folder. */
export function socketFileName(port: PortName | 'qmp'): string {
  return `${port}.sock`;
}
