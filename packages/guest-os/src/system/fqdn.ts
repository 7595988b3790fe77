/**
 * The fully qualified host name the way Python's socket.getfqdn() finds it
 * (what the oVirt reference agent reports as `fqdn` and `host-name`): the
 * host name resolved to an address, that address resolved back to a name;
 * the first name containing a dot wins, else the plain host name. Resolution
 * is bounded by a timeout so a dead resolver cannot stall a report.
 */
import { promises as dns } from 'node:dns';
import { getHostName } from './hostname.js';

export interface FqdnDeps {
  hostname: () => string;
  /** getaddrinfo(3) of a name: its first address. */
  lookup: (name: string) => Promise<string>;
  /** getnameinfo(3) of an address: the host name. */
  reverse: (address: string) => Promise<string>;
  timeoutMs: number;
}

const realDeps: FqdnDeps = {
  hostname: () => getHostName(),
  lookup: async (name) => (await dns.lookup(name)).address,
  reverse: async (address) => (await dns.lookupService(address, 0)).hostname,
  timeoutMs: 2000,
};

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.catch(() => undefined),
    new Promise<undefined>((resolve) => {
      timer = setTimeout(resolve, ms, undefined);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** The FQDN, or the host name when nothing better resolves. Never throws. */
export async function getFqdn(deps: Partial<FqdnDeps> = {}): Promise<string> {
  const d = { ...realDeps, ...deps };
  const name = d.hostname();
  if (name.includes('.')) return name;
  const resolved = await withTimeout(
    (async () => {
      const address = await d.lookup(name);
      return d.reverse(address);
    })(),
    d.timeoutMs,
  );
  return resolved !== undefined && resolved.includes('.') ? resolved : name;
}
