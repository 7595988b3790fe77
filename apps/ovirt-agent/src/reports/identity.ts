/**
 * host-name, fqdn, os-version, os-info and timezone (ovirt-guest-agent.md §2):
 * on Linux the reference's host name is socket.getfqdn(), so both carry the
 * FQDN; os-version is the kernel release; os-info follows the reference's
 * ovirt-osinfo helper (x86 for i386..i686, type "linux").
 */
import type { OsInfo } from '@ga/guest-os/system/os-info';
import type { ZoneName } from '@ga/guest-os/system/timezone';

export const hostNameFields = (fqdn: string) => ({ name: fqdn });
export const fqdnFields = (fqdn: string) => ({ fqdn });
export const osVersionFields = (os: OsInfo) => ({ version: os.kernelRelease ?? '' });

/** "12 (bookworm)" -> "bookworm", as platform.linux_distribution() found codenames. */
function codename(os: OsInfo): string {
  const m = /\(([^)]*)\)/.exec(os.version ?? '');
  return m ? m[1]!.trim() : '';
}

export function osInfoFields(os: OsInfo) {
  const machine = os.machine ?? '';
  return {
    version: os.versionId ?? '',
    distribution: os.name ?? '',
    codename: codename(os),
    arch: /^i[3-6]86$/.test(machine) ? 'x86' : machine,
    type: 'linux',
    kernel: os.kernelRelease ?? '',
  };
}

/** Offset in minutes east of UTC, standard time, like the reference's -time.timezone/60. */
export const timezoneFields = (z: ZoneName) => ({ zone: z.zone, offset: Math.trunc(z.standardOffset / 60) });
