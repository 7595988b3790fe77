/**
 * The shape checks qemu-ga applies to a parsed request before looking up the
 * command (QEMU's qmp_dispatch_check_obj; texts from qemu-ga.md §1.2/§1.4).
 * qemu-ga has no out-of-band execution, so `exec-oob` and `control` are
 * just unexpected members.
 */
import { qdictOrder } from '@ga/framing/json-encode';
import { KEY_ORDER } from '@ga/framing/json-value';
import { QgaError } from '../errors.js';
import { isJsonObject } from '../schema/dsl.js';

/** A request that passed the shape checks. */
export interface CheckedRequest {
  readonly execute: string;
  /** The `arguments` object; `{}` when absent. */
  readonly args: Record<string, unknown>;
  /** Whether `id` was present (it may be any JSON value, null included). */
  readonly hasId: boolean;
  readonly id: unknown;
}

/** Result of {@link checkRequest}: the error still carries the id when one was readable. */
export type RequestCheck =
  | { readonly ok: true; readonly request: CheckedRequest }
  | { readonly ok: false; readonly error: QgaError; readonly hasId: boolean; readonly id: unknown };

/**
 * Check one top-level JSON value. Members are examined in QDict iteration
 * order (QEMU walks its hash table), so with several offending members the
 * same one is reported as by qemu-ga.
 */
export function checkRequest(value: unknown): RequestCheck {
  if (!isJsonObject(value)) {
    return { ok: false, error: new QgaError('QMP input must be a JSON object'), hasId: false, id: undefined };
  }
  const hasId = Object.hasOwn(value, 'id');
  const id = hasId ? value.id : undefined;
  const fail = (desc: string): RequestCheck => ({ ok: false, error: new QgaError(desc), hasId, id });
  const inserted = ((value as { [KEY_ORDER]?: string[] })[KEY_ORDER] ?? Object.keys(value)).slice();
  for (const key of qdictOrder(inserted)) {
    const member = value[key];
    if (key === 'execute') {
      if (typeof member !== 'string') return fail(`QMP input member 'execute' must be a string`);
    } else if (key === 'arguments') {
      if (!isJsonObject(member)) return fail(`QMP input member 'arguments' must be an object`);
    } else if (key !== 'id') {
      return fail(`QMP input member '${key}' is unexpected`);
    }
  }
  if (!Object.hasOwn(value, 'execute')) return fail(`QMP input lacks member 'execute'`);
  const args = Object.hasOwn(value, 'arguments') ? (value.arguments as Record<string, unknown>) : {};
  return { ok: true, request: { execute: value.execute as string, args, hasId, id } };
}
