/** OvirtFacts from packages/guest-os on the running machine. */
import { listContainers } from '@ga/guest-os/containers/docker';
import { onlineCpuCount } from '@ga/guest-os/cpu/set-online';
import { readMeminfo, readVmstat } from '@ga/guest-os/memory/meminfo';
import { listInterfaces } from '@ga/guest-os/net/interfaces';
import { installedPackages } from '@ga/guest-os/packages/installed';
import { listDiskSerials } from '@ga/guest-os/storage/disk-serials';
import { listAllMounts } from '@ga/guest-os/storage/mounts';
import { fsUsage } from '@ga/guest-os/storage/statvfs';
import { getFqdn } from '@ga/guest-os/system/fqdn';
import { getOsInfo } from '@ga/guest-os/system/os-info';
import { getZoneName } from '@ga/guest-os/system/timezone';
import type { OvirtFacts } from './facts.js';

export function realFacts(): OvirtFacts {
  const packages = installedPackages();
  return {
    fqdn: () => getFqdn(),
    osInfo: () => getOsInfo(),
    zone: () => getZoneName(),
    interfaces: () => listInterfaces(),
    packages: () => packages.list(),
    mounts: () => listAllMounts(),
    // A hung network file system must not hold a refresh for long.
    fsUsage: (p) => fsUsage(p, { timeoutMs: 2000 }),
    diskSerials: () => listDiskSerials(),
    meminfo: () => readMeminfo(),
    vmstat: () => readVmstat(),
    onlineCpus: () => onlineCpuCount(),
    containers: () => listContainers(),
  };
}
