/**
 * In-memory Sessions for other modules' unit tests: sessions are added,
 * removed, activated and locked by the test, which emits the same events as
 * logind.ts would, and every lock()/terminate() call is recorded instead of
 * acted on. terminate() does not remove the session (logind does that a bit
 * later with SessionRemoved): call remove() to simulate it.
 */
import type { LoginSession, SessionEvent, Sessions } from './types.js';

export type SessionCall = { readonly method: 'lock'; readonly id?: string } | { readonly method: 'terminate'; readonly id: string };

export interface FakeSessions extends Sessions {
  /** lock()/terminate() calls, in order. */
  readonly calls: SessionCall[];
  /** Listeners currently subscribed. */
  readonly watchers: number;
  /** True after close(). */
  readonly closed: boolean;
  add(session: LoginSession): void;
  remove(id: string): void;
  /** Make `id` the active session of its seat; the seat's previous active session becomes inactive. */
  activate(id: string): void;
  deactivate(id: string): void;
  setLocked(id: string, locked: boolean): void;
  /** pid -> session id, for sessionOfPid(). Every session's leader maps to it already. */
  setPidSession(pid: number, id: string): void;
}

/** A LoginSession with defaults for the fields a test does not care about. */
export function loginSession(s: Partial<LoginSession> & { id: string }): LoginSession {
  return {
    uid: 1000,
    user: 'user',
    seat: 'seat0',
    type: 'x11',
    class: 'user',
    state: s.active ? 'active' : 'online',
    active: false,
    locked: false,
    remote: false,
    display: '',
    tty: '',
    leader: 0,
    createdUs: 0,
    ...s,
  };
}

export function fakeSessions(initial: LoginSession[] = []): FakeSessions {
  const sessions = new Map<string, LoginSession>(initial.map((s) => [s.id, s]));
  const pids = new Map<number, string>();
  const listeners = new Set<(e: SessionEvent) => void>();
  const calls: SessionCall[] = [];
  let closed = false;

  const emit = (e: SessionEvent): void => {
    for (const l of [...listeners]) l(e);
  };
  const get = (id: string): LoginSession => {
    const s = sessions.get(id);
    if (!s) throw new Error(`fakeSessions: no session ${id}`);
    return s;
  };
  const set = (id: string, patch: Partial<LoginSession>, what: 'active' | 'locked'): void => {
    const old = get(id);
    const s = { ...old, ...patch };
    sessions.set(id, s);
    if (s[what] !== old[what]) emit({ kind: 'changed', session: s, what });
  };
  const live = (): void => {
    if (closed) throw new Error('fakeSessions: closed');
  };

  return {
    calls,
    get watchers() {
      return listeners.size;
    },
    get closed() {
      return closed;
    },
    async list() {
      live();
      return [...sessions.values()];
    },
    async active(seat = 'seat0') {
      live();
      return [...sessions.values()].find((s) => s.seat === seat && s.active);
    },
    async sessionOfPid(pid) {
      live();
      const id = pids.get(pid);
      if (id !== undefined) return sessions.get(id);
      return [...sessions.values()].find((s) => s.leader === pid && pid > 0);
    },
    async lock(id) {
      live();
      calls.push(id === undefined ? { method: 'lock' } : { method: 'lock', id });
    },
    async terminate(id) {
      live();
      calls.push({ method: 'terminate', id });
    },
    watch(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    async close() {
      closed = true;
      listeners.clear();
    },
    add(session) {
      if (sessions.has(session.id)) throw new Error(`fakeSessions: session ${session.id} exists`);
      sessions.set(session.id, session);
      emit({ kind: 'new', session });
    },
    remove(id) {
      const s = get(id);
      sessions.delete(id);
      for (const [pid, sid] of pids) if (sid === id) pids.delete(pid);
      emit({ kind: 'removed', id, user: s.user });
    },
    activate(id) {
      const seat = get(id).seat;
      for (const other of [...sessions.values()]) {
        if (other.id !== id && other.active && seat !== '' && other.seat === seat) {
          set(other.id, { active: false, state: 'online' }, 'active');
        }
      }
      set(id, { active: true, state: 'active' }, 'active');
    },
    deactivate(id) {
      set(id, { active: false, state: 'online' }, 'active');
    },
    setLocked(id, locked) {
      set(id, { locked }, 'locked');
    },
    setPidSession(pid, id) {
      get(id);
      pids.set(pid, id);
    },
  };
}
