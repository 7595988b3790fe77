import { listInterfaces } from '@ga/guest-os/net/interfaces';
import { listRoutes } from '@ga/guest-os/net/routes';
import type { Handlers } from '../handlers.js';
import type { ReturnOf } from '../schema/commands.js';
import { asQga } from './qga-errors.js';

type WireInterface = ReturnOf<'guest-network-get-interfaces'>[number];
type WireRoute = ReturnOf<'guest-network-get-route'>[number];

export const networkHandlers: Pick<Handlers, 'guest-network-get-interfaces' | 'guest-network-get-route'> = {
  'guest-network-get-interfaces': () =>
    asQga(async () =>
      (await listInterfaces()).map((i) => {
        const out: WireInterface = { name: i.name };
        if (i.hardwareAddress !== undefined) out['hardware-address'] = i.hardwareAddress;
        if (i.addresses) {
          out['ip-addresses'] = i.addresses.map((a) => ({
            'ip-address': a.address,
            'ip-address-type': a.family,
            prefix: a.prefix,
          }));
        }
        if (i.statistics) {
          const s = i.statistics;
          out.statistics = {
            'rx-bytes': s.rxBytes,
            'rx-packets': s.rxPackets,
            'rx-errs': s.rxErrs,
            'rx-dropped': s.rxDropped,
            'tx-bytes': s.txBytes,
            'tx-packets': s.txPackets,
            'tx-errs': s.txErrs,
            'tx-dropped': s.txDropped,
          };
        }
        return out;
      }),
    ),

  'guest-network-get-route': () =>
    asQga(async () =>
      (await listRoutes()).map((r) => {
        const out: WireRoute = { iface: r.iface, destination: r.destination, metric: r.metric, version: r.version };
        if (r.gateway !== undefined) out.gateway = r.gateway;
        if (r.mask !== undefined) out.mask = r.mask;
        if (r.irtt !== undefined) out.irtt = r.irtt;
        out.flags = r.flags;
        out.refcnt = r.refcnt;
        out.use = r.use;
        if (r.window !== undefined) out.window = r.window;
        if (r.mtu !== undefined) out.mtu = r.mtu;
        if (r.desprefixlen !== undefined) out.desprefixlen = r.desprefixlen;
        if (r.source !== undefined) out.source = r.source;
        if (r.srcprefixlen !== undefined) out.srcprefixlen = r.srcprefixlen;
        if (r.nexthop !== undefined) out.nexthop = r.nexthop;
        return out;
      }),
    ),
};
