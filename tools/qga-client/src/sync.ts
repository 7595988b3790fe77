// The two ways a host brings qemu-ga's byte stream into a known state
// (qemu-ga.md §1.6, §5.1). Each attempt is a request to write plus a taker
// that consumes received bytes until the attempt's own reply is seen.
import { randomBytes } from 'node:crypto';
import { parseJson } from './json-lite.js';
import type { RxQueue } from './rx-queue.js';

/** One sync attempt: bytes to send, and a taker that returns true once our reply arrived. */
export interface SyncAttempt {
  id: bigint;
  request: Buffer;
  take(rx: RxQueue): true | undefined;
}

/** A random id in [0, 2^63): fits qemu-ga's int64 'id' argument. */
export function randomSyncId(): bigint {
  return randomBytes(8).readBigUInt64BE() >> 1n;
}

/** The `return` member of a reply line, or undefined when the line is not a reply. */
function returnOf(line: Buffer): unknown {
  try {
    const v = parseJson(line);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? v.return : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The robust algorithm: 0xFF (resets a half-parsed request left in the agent)
 * + guest-sync-delimited with a random int63; drop everything up to the last
 * 0xFF received, then skip lines until `return` is our id.
 */
export function delimitedSync(id: bigint = randomSyncId()): SyncAttempt {
  let seenFF = false;
  return {
    id,
    request: Buffer.concat([Buffer.from([0xff]), Buffer.from(`{"execute":"guest-sync-delimited","arguments":{"id":${id}}}\n`)]),
    take(rx) {
      // Everything before the last 0xFF is stale or the error our own 0xFF caused.
      if (rx.dropThroughLastFF()) seenFF = true;
      else if (!seenFF) rx.clear();
      if (!seenFF) return undefined;
      for (let line = rx.takeLine(); line; line = rx.takeLine()) if (returnOf(line) === id) return true;
      return undefined;
    },
  };
}

/**
 * What libvirt sends: plain guest-sync with a millisecond timestamp id, no
 * 0xFF, written with libvirt's spacing; unparsable lines and other ids are skipped.
 */
export function libvirtSync(id: bigint = BigInt(Date.now())): SyncAttempt {
  return {
    id,
    request: Buffer.from(`{"execute":"guest-sync", "arguments":{"id":${id}}}\n`),
    take(rx) {
      for (let line = rx.takeLine(); line; line = rx.takeLine()) if (returnOf(line) === id) return true;
      return undefined;
    },
  };
}
