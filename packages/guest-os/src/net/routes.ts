import { readFile } from 'node:fs/promises';
import { scanInt32, scanUnsigned32 } from '../support/c-scan.js';
import { errnoText } from '@ga/native/errno';
import { ntop6 } from './inet.js';

/** One kernel route, with the members qemu-ga's guest-network-get-route sends. */
export interface NetRoute {
  iface: string;
  destination: string;
  metric: number;
  version: 4 | 6;
  flags: bigint;
  refcnt: number;
  use: number;
  /** IPv4 only. */
  gateway?: string;
  mask?: string;
  mtu?: number;
  window?: number;
  irtt?: number;
  /** IPv6 only; prefix lengths are decimal strings on the wire. */
  source?: string;
  desprefixlen?: string;
  srcprefixlen?: string;
  nexthop?: string;
}

export interface RouteDeps {
  readFile: (path: string) => Promise<string>;
  routePath: string;
  ipv6RoutePath: string;
}

const defaults: RouteDeps = {
  readFile: (p) => readFile(p, 'latin1'),
  routePath: '/proc/net/route',
  ipv6RoutePath: '/proc/net/ipv6_route',
};

/*
 * qemu-ga scans these hex columns into C `int`s, so values with the top bit
 * set come out negative: metric ffffffff (the IPv6 reject route on lo) is -1,
 * and flags 80200001 (RTF_LOCAL, on every local route) is sign-extended into
 * the uint64 `flags` member. Those values are normal, so we keep the exact
 * output instead of "fixing" it (clients may compare with qemu-ga's).
 */
const hexInt32 = (s: string): number => scanInt32(s, 16);
const hexFlags = (s: string): bigint => BigInt.asUintN(64, BigInt(scanInt32(s, 16)));
const decInt32 = (s: string): number => scanInt32(s, 10);
const isHex = (s: string | undefined): s is string => s !== undefined && /^[0-9a-fA-F]{1,16}$/.test(s);
const isDec = (s: string | undefined): s is string => s !== undefined && /^[+-]?\d{1,19}$/.test(s);

/** /proc/net/route stores each IPv4 address as a host-order (little-endian) hex u32. */
function ipv4FromProc(hex: string): string {
  const v = Number(scanUnsigned32(hex, 16));
  return `${v & 0xff}.${(v >>> 8) & 0xff}.${(v >>> 16) & 0xff}.${(v >>> 24) & 0xff}`;
}

function ipv6FromProc(hex: string): string {
  const b: number[] = [];
  for (let i = 0; i < 16; i++) {
    const pair = hex.slice(i * 2, i * 2 + 2);
    b.push(/^[0-9a-fA-F]+$/.test(pair) ? parseInt(pair, 16) : 0);
  }
  return ntop6(b);
}

/** Parses /proc/net/route (first line is the header); malformed lines are skipped. */
export function parseIpv4Routes(text: string): NetRoute[] {
  const routes: NetRoute[] = [];
  const lines = text.split('\n');
  for (const line of lines.slice(1)) {
    const f = line.trim().split(/\s+/);
    const [iface, dst, gw, flags, refcnt, use, metric, mask, mtu, window, irtt] = f;
    if (
      iface === undefined ||
      !isHex(dst) ||
      !isHex(gw) ||
      !isHex(flags) ||
      !isDec(refcnt) ||
      !isDec(use) ||
      !isDec(metric) ||
      !isHex(mask) ||
      !isDec(mtu) ||
      !isDec(window) ||
      !isDec(irtt)
    ) {
      continue;
    }
    routes.push({
      iface,
      destination: ipv4FromProc(dst),
      gateway: ipv4FromProc(gw),
      mask: ipv4FromProc(mask),
      metric: decInt32(metric),
      flags: scanUnsigned32(flags, 16),
      refcnt: decInt32(refcnt),
      use: decInt32(use),
      mtu: decInt32(mtu),
      window: decInt32(window),
      irtt: decInt32(irtt),
      version: 4,
    });
  }
  return routes;
}

/** Parses /proc/net/ipv6_route (no header); malformed lines are skipped. */
export function parseIpv6Routes(text: string): NetRoute[] {
  const routes: NetRoute[] = [];
  for (const line of text.split('\n')) {
    const [dst, dstLen, src, srcLen, nextHop, metric, refcnt, use, flags, iface] = line.trim().split(/\s+/);
    if (
      dst === undefined ||
      !isHex(dstLen) ||
      src === undefined ||
      !isHex(srcLen) ||
      nextHop === undefined ||
      !isHex(metric) ||
      !isHex(refcnt) ||
      !isHex(use) ||
      !isHex(flags) ||
      iface === undefined
    ) {
      continue;
    }
    routes.push({
      iface,
      destination: ipv6FromProc(dst),
      metric: hexInt32(metric),
      source: ipv6FromProc(src),
      desprefixlen: String(hexInt32(dstLen)),
      srcprefixlen: String(hexInt32(srcLen)),
      nexthop: ipv6FromProc(nextHop),
      flags: hexFlags(flags),
      refcnt: hexInt32(refcnt),
      use: hexInt32(use),
      version: 6,
    });
  }
  return routes;
}

/**
 * IPv4 then IPv6 routes, as qemu-ga's guest-network-get-route (9.1+) lists
 * them. Unlike qemu-ga, a missing /proc/net/ipv6_route (IPv6 disabled) is not
 * an error — qemu-ga.md §7 asks for this; IPv4 routes are still returned.
 * @throws Error `open("<path>"): <strerror>` when a table cannot be read otherwise.
 */
export async function listRoutes(deps: Partial<RouteDeps> = {}): Promise<NetRoute[]> {
  const d = { ...defaults, ...deps };
  let v4: string;
  try {
    v4 = await d.readFile(d.routePath);
  } catch (err) {
    throw new Error(`open("${d.routePath}"): ${errnoText(err)}`);
  }
  const routes = parseIpv4Routes(v4);
  let v6: string;
  try {
    v6 = await d.readFile(d.ipv6RoutePath);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return routes;
    throw new Error(`open("${d.ipv6RoutePath}"): ${errnoText(err)}`);
  }
  return routes.concat(parseIpv6Routes(v6));
}
