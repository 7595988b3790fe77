/**
 * network-interfaces: `{name, hw, inet, inet6}` per interface (§2). The
 * reference listed interfaces that are up and not loopback, minus
 * ignored_nics; here: every interface with an address except loopback and
 * ignored_nics, IPv4 alias labels (eth0:1) folded into their interface.
 */
import type { NetInterface } from '@ga/guest-os/net/interfaces';

export interface OvirtNic {
  name: string;
  hw: string;
  inet: string[];
  inet6: string[];
}

const isLoopback = (n: NetInterface): boolean =>
  n.name === 'lo' || (n.addresses !== undefined && n.addresses.length > 0 && n.addresses.every((a) => a.address.startsWith('127.') || a.address === '::1'));

export function networkInterfaces(list: readonly NetInterface[], ignored: readonly string[]): OvirtNic[] {
  const byName = new Map<string, OvirtNic>();
  for (const n of list) {
    const base = n.name.split(':')[0]!;
    if (ignored.includes(base) || isLoopback(n)) continue;
    let nic = byName.get(base);
    if (!nic) {
      nic = { name: base, hw: '', inet: [], inet6: [] };
      byName.set(base, nic);
    }
    if (nic.hw === '' && n.hardwareAddress) nic.hw = n.hardwareAddress.toLowerCase();
    for (const a of n.addresses ?? []) {
      const to = a.family === 'ipv4' ? nic.inet : nic.inet6;
      if (!to.includes(a.address)) to.push(a.address);
    }
  }
  return [...byName.values()].filter((n) => n.inet.length > 0 || n.inet6.length > 0);
}
