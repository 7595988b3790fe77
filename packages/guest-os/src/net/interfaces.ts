import { errnoText } from '@ga/native/errno';
import { findNetDevStats, readNetDev, type NetDevStats } from './dev-stats.js';
import { ntop4, ntop6, popcount } from './inet.js';
import { realNetSyscalls, type NetSyscalls } from './libc-net.js';

export type { NetDevStats } from './dev-stats.js';

/** One address of an interface. */
export interface IpAddress {
  address: string;
  family: 'ipv4' | 'ipv6';
  /** Set bits of the netmask (0 when the entry has no netmask). */
  prefix: number;
}

/** One network interface as qemu-ga reports it. */
export interface NetInterface {
  /** getifaddrs name; IPv4 aliases appear as their own `eth0:1` entry. */
  name: string;
  /** `aa:bb:cc:dd:ee:ff` (00:… for lo and tunnels). */
  hardwareAddress?: string;
  /** Absent when the interface has no IPv4/IPv6 address. */
  addresses?: IpAddress[];
  /** Absent when there is no address or /proc/net/dev has no usable line. */
  statistics?: NetDevStats;
}

export interface InterfaceDeps {
  sys: NetSyscalls;
  readFile: (path: string) => Promise<string>;
}

const AF_INET = 2;
const AF_INET6 = 10;

const hex2 = (n: number): string => n.toString(16).padStart(2, '0');

/**
 * Every interface known to getifaddrs(3) — including DOWN ones and ones
 * without addresses — in order of first appearance (links first, then
 * IPv4-only alias labels), with MAC, addresses and /proc/net/dev counters,
 * following qemu-ga 7.2's guest-network-get-interfaces.
 * @throws Error `failed to create socket: <strerror>` like qemu-ga.
 */
export async function listInterfaces(deps: Partial<InterfaceDeps> = {}): Promise<NetInterface[]> {
  const sys = deps.sys ?? realNetSyscalls();
  const entries = sys.getifaddrs();
  const byName = new Map<string, NetInterface>();
  const list: NetInterface[] = [];
  let netDev: string | undefined | null = null;

  for (const ifa of entries) {
    let info = byName.get(ifa.name);
    if (!info) {
      info = { name: ifa.name };
      byName.set(ifa.name, info);
      list.push(info);
    }
    // Asked for every entry until obtained; an ioctl failure only leaves the MAC out
    // (qemu-ga >= 7.2; older ones failed the command, or skipped by a flags test).
    if (info.hardwareAddress === undefined) {
      try {
        info.hardwareAddress = Array.from(sys.hwaddr(ifa.name).subarray(0, 6), hex2).join(':');
      } catch (err) {
        if ((err as { call?: string }).call === 'socket') {
          throw new Error(`failed to create socket: ${errnoText(err)}`);
        }
      }
    }

    let item: IpAddress | undefined;
    if (ifa.addr && ifa.family === AF_INET) {
      item = { address: ntop4(ifa.addr.subarray(4, 8)), family: 'ipv4', prefix: 0 };
      if (ifa.netmask) item.prefix = popcount(ifa.netmask, 4, 8);
    } else if (ifa.addr && ifa.family === AF_INET6) {
      item = { address: ntop6(ifa.addr.subarray(8, 24)), family: 'ipv6', prefix: 0 };
      if (ifa.netmask) item.prefix = popcount(ifa.netmask, 8, 24);
    }
    if (!item) continue;
    (info.addresses ??= []).push(item);

    if (info.statistics === undefined) {
      // qemu-ga re-reads /proc/net/dev per interface; one read per call is equivalent.
      if (netDev === null) netDev = await readNetDev(deps.readFile);
      const stats = netDev === undefined ? undefined : findNetDevStats(netDev, info.name);
      if (stats) info.statistics = stats;
    }
  }
  return list;
}
