/**
 * spice-vdagentd `-f -u FILE`: no ioctls, raw input_event records written to
 * a file or FIFO (Xspice reads them). Opened write-only once; the size is
 * only bookkeeping, the reader knows its own screen.
 */
import { open } from 'node:fs/promises';
import { encodeInputEvents } from './input-event.js';
import type { InputEvent } from './input-event.js';
import type { PointerDevice } from './pointer.js';

export async function openRawEventWriter(path: string, width: number, height: number): Promise<PointerDevice> {
  // A FIFO's open() waits for its reader: fs/promises does that on the threadpool.
  const file = await open(path, 'a');
  let closed = false;
  let chain: Promise<void> = Promise.resolve();
  return {
    width,
    height,
    send(events: readonly InputEvent[]) {
      if (closed) return Promise.reject(new Error(`${path} closed`));
      const bytes = encodeInputEvents(events);
      chain = chain.then(async () => {
        await file.write(bytes);
      });
      return chain;
    },
    async close() {
      if (closed) return;
      closed = true;
      await chain.catch(() => undefined);
      await file.close();
    },
  };
}
