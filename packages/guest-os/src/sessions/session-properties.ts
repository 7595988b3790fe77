/**
 * org.freedesktop.login1.Session properties (a GetAll reply, values still
 * dbus-next Variants) -> LoginSession. Defensive: a field of an unexpected
 * type reads as its empty value instead of throwing, so one odd session
 * cannot hide the others.
 */
import type { LoginSession } from './types.js';

type Props = Record<string, unknown>;

/** A Variant's value, or the value itself when it is not wrapped. */
export function unwrap(v: unknown): unknown {
  return v !== null && typeof v === 'object' && 'signature' in v && 'value' in v ? (v as { value: unknown }).value : v;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function num(v: unknown): number {
  if (typeof v === 'number') return v;
  // 't' and 'x' arrive as BigInt; µs since the epoch fits a double exactly until 2255.
  if (typeof v === 'bigint') return Number(v);
  return 0;
}

/** First member of a struct ("(uo)" User, "(so)" Seat). */
function first(v: unknown): unknown {
  return Array.isArray(v) ? v[0] : undefined;
}

/** Unwrap every Variant of a GetAll / PropertiesChanged a{sv}. */
export function unwrapAll(dict: unknown): Props {
  const out: Props = {};
  if (dict === null || typeof dict !== 'object') return out;
  for (const [k, v] of Object.entries(dict)) out[k] = unwrap(v);
  return out;
}

export function sessionFromProperties(p: Props): LoginSession {
  return {
    id: str(p.Id),
    uid: num(first(p.User)),
    user: str(p.Name),
    seat: str(first(p.Seat)),
    type: str(p.Type),
    class: str(p.Class),
    state: str(p.State),
    active: p.Active === true,
    locked: p.LockedHint === true,
    remote: p.Remote === true,
    display: str(p.Display),
    tty: str(p.TTY),
    leader: num(p.Leader),
    createdUs: num(p.Timestamp),
  };
}
