/**
 * What the agent reads from the guest: guest-os facts, shared with qemu-ga
 * (no second implementation of host name, interfaces, disks or users).
 * Injected into the agent so tests can feed fixed values.
 */
import type { ContainerInfo } from '@ga/guest-os/containers/docker';
import type { MemInfo, VmStat } from '@ga/guest-os/memory/meminfo';
import type { NetInterface } from '@ga/guest-os/net/interfaces';
import type { InstalledPackage } from '@ga/guest-os/packages/installed';
import type { DiskSerial } from '@ga/guest-os/storage/disk-serials';
import type { AnyMount } from '@ga/guest-os/storage/mounts';
import type { FsUsage } from '@ga/guest-os/storage/statvfs';
import type { OsInfo } from '@ga/guest-os/system/os-info';
import type { ZoneName } from '@ga/guest-os/system/timezone';

export interface OvirtFacts {
  fqdn(): Promise<string>;
  osInfo(): Promise<OsInfo>;
  zone(): Promise<ZoneName>;
  interfaces(): Promise<NetInterface[]>;
  packages(): Promise<InstalledPackage[]>;
  /** Every mount (network file systems included), as the reference reads /proc/mounts. */
  mounts(): Promise<AnyMount[]>;
  fsUsage(mountpoint: string): Promise<FsUsage | undefined>;
  diskSerials(): Promise<DiskSerial[]>;
  meminfo(): Promise<MemInfo>;
  vmstat(): Promise<VmStat>;
  /** Online logical CPUs, -1 if unknown. */
  onlineCpus(): Promise<number>;
  containers(): Promise<ContainerInfo[]>;
}
