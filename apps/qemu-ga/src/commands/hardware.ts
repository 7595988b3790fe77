import { listVcpus, setVcpus } from '@ga/guest-os/cpu/vcpus';
import { listMemoryBlocks, memoryBlockSize, setMemoryBlocks } from '@ga/guest-os/memory/blocks';
import type { Handlers } from '../handlers.js';
import type { ReturnOf } from '../schema/commands.js';
import { asQga } from './qga-errors.js';

export const hardwareHandlers: Pick<
  Handlers,
  | 'guest-get-vcpus'
  | 'guest-set-vcpus'
  | 'guest-get-memory-blocks'
  | 'guest-set-memory-blocks'
  | 'guest-get-memory-block-info'
> = {
  'guest-get-vcpus': () =>
    asQga(async () =>
      (await listVcpus()).map((c) => ({ 'logical-id': c.logicalId, online: c.online, 'can-offline': c.canOffline })),
    ),

  // `can-offline` in the request is ignored, as by qemu-ga.
  'guest-set-vcpus': (args) =>
    asQga(() => setVcpus(args.vcpus.map((v) => ({ logicalId: v['logical-id'], online: v.online })))),

  'guest-get-memory-blocks': () =>
    asQga(async () =>
      (await listMemoryBlocks()).map((b) => ({
        'phys-index': b.physIndex,
        online: b.online,
        'can-offline': b.canOffline,
      })),
    ),

  'guest-set-memory-blocks': (args) =>
    asQga(async () =>
      (
        await setMemoryBlocks(args['mem-blks'].map((b) => ({ physIndex: BigInt(b['phys-index']), online: b.online })))
      ).map((r) => {
        const out: ReturnOf<'guest-set-memory-blocks'>[number] = { 'phys-index': r.physIndex, response: r.response };
        if (r.errorCode !== undefined) out['error-code'] = r.errorCode;
        return out;
      }),
    ),

  'guest-get-memory-block-info': () => asQga(async () => ({ size: await memoryBlockSize() })),
};
