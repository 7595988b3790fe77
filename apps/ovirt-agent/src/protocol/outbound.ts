/**
 * Outgoing lines: the shared oVirt codec (Python json.dumps bytes, XML
 * character filter, ASCII) with a size budget below VDSM's 1 MiB line limit.
 * A message with a long list (applications, interfaces, disks, containers)
 * is cut to the longest prefix that fits rather than lost.
 */
import { encodeOvirtMessage, MAX_LINE_BYTES, ovirtMessage } from '@ga/framing/newline-json';
import type { OvirtMessage, PyJsonValue } from '@ga/framing/newline-json';

/** Lines stay below this (VDSM drops lines reaching 1 MiB; keep a margin). */
export const LINE_BUDGET = 900 * 1024;

export interface Encoded {
  line: Buffer;
  /** Items dropped from the list to fit, 0 when it fitted whole. */
  trimmed: number;
}

function tryEncode(msg: OvirtMessage, budget: number): Buffer | undefined {
  try {
    return encodeOvirtMessage(msg, { maxLineBytes: budget });
  } catch (err) {
    if (err instanceof RangeError) return undefined;
    throw err;
  }
}

/**
 * Encode `name` + `fields`; if the line would reach `budget`, keep the
 * longest prefix of `fields[listKey]` that fits. Throws only when even an
 * empty list does not fit (a field other than the list is oversized).
 */
export function encodeWithinBudget(name: string, fields: Record<string, PyJsonValue | undefined>, listKey?: string, budget = LINE_BUDGET): Encoded {
  const full = tryEncode(ovirtMessage(name, fields), budget);
  if (full) return { line: full, trimmed: 0 };
  const list = listKey === undefined ? undefined : fields[listKey];
  if (!Array.isArray(list)) throw new RangeError(`"${name}" does not fit in ${budget} bytes`);
  const items = list as readonly PyJsonValue[];
  let lo = 0;
  let hi = items.length - 1;
  let best: Buffer | undefined;
  let bestN = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const line = tryEncode(ovirtMessage(name, { ...fields, [listKey!]: items.slice(0, mid) }), budget);
    if (line) {
      best = line;
      bestN = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (!best) throw new RangeError(`"${name}" does not fit in ${budget} bytes even without its ${listKey}`);
  return { line: best, trimmed: items.length - bestN };
}

export { MAX_LINE_BYTES };
