import { readCpuTimes } from '@ga/guest-os/cpu/cpustats';
import { getHostName } from '@ga/guest-os/system/hostname';
import { getLoadAverage } from '@ga/guest-os/system/load';
import { getOsInfo } from '@ga/guest-os/system/os-info';
import { getTimezone } from '@ga/guest-os/system/timezone';
import { wallClockNs } from '@ga/guest-os/system/wall-clock';
import { listLoggedInUsers } from '@ga/guest-os/users/logged-in';
import type { Handlers } from '../handlers.js';
import type { ReturnOf } from '../schema/commands.js';
import { asQga as wire } from './qga-errors.js';

export const systemInfoHandlers: Pick<
  Handlers,
  | 'guest-get-host-name'
  | 'guest-get-osinfo'
  | 'guest-get-timezone'
  | 'guest-get-time'
  | 'guest-get-users'
  | 'guest-get-load'
  | 'guest-get-cpustats'
> = {
  'guest-get-host-name': async () => ({ 'host-name': getHostName() }),

  'guest-get-osinfo': () =>
    wire(async () => {
      const o = await getOsInfo();
      const out: ReturnOf<'guest-get-osinfo'> = {};
      if (o.kernelRelease !== undefined) out['kernel-release'] = o.kernelRelease;
      if (o.kernelVersion !== undefined) out['kernel-version'] = o.kernelVersion;
      if (o.machine !== undefined) out.machine = o.machine;
      if (o.id !== undefined) out.id = o.id;
      if (o.name !== undefined) out.name = o.name;
      if (o.prettyName !== undefined) out['pretty-name'] = o.prettyName;
      if (o.version !== undefined) out.version = o.version;
      if (o.versionId !== undefined) out['version-id'] = o.versionId;
      if (o.variant !== undefined) out.variant = o.variant;
      if (o.variantId !== undefined) out['variant-id'] = o.variantId;
      return out;
    }),

  'guest-get-timezone': () =>
    wire(async () => {
      const z = await getTimezone();
      return { zone: z.abbreviation, offset: z.offset };
    }),

  'guest-get-time': () => wire(() => wallClockNs()),

  'guest-get-users': () =>
    wire(async () => (await listLoggedInUsers()).map((u) => ({ user: u.user, 'login-time': u.loginTime }))),

  'guest-get-load': () => wire(() => getLoadAverage()),

  'guest-get-cpustats': () =>
    wire(async () =>
      (await readCpuTimes()).map((c) => {
        const s: ReturnOf<'guest-get-cpustats'>[number] = {
          type: 'linux',
          cpu: c.cpu,
          user: c.user,
          nice: c.nice,
          system: c.system,
          idle: c.idle,
        };
        if (c.iowait !== undefined) s.iowait = c.iowait;
        if (c.irq !== undefined) s.irq = c.irq;
        if (c.softirq !== undefined) s.softirq = c.softirq;
        if (c.steal !== undefined) s.steal = c.steal;
        if (c.guest !== undefined) s.guest = c.guest;
        if (c.guestnice !== undefined) s.guestnice = c.guestnice;
        return s;
      }),
    ),
};
