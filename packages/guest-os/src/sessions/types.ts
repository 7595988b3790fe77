/**
 * Login sessions as systemd-logind sees them (org.freedesktop.login1), the
 * contract both the oVirt agent (active user, lock, log-off, session events)
 * and the SPICE daemon (which session is active, whose agent may talk) use.
 * Types only; `logind.ts` implements it over D-Bus, `fake-sessions.ts` in
 * memory for tests.
 */

/** One logind session (the properties of org.freedesktop.login1.Session that agents read). */
export interface LoginSession {
  /** logind's session id ("2", "c1"). */
  readonly id: string;
  readonly uid: number;
  /** The user's name (Session.Name). */
  readonly user: string;
  /** "seat0", or "" for sessions without a seat (ssh). */
  readonly seat: string;
  /** "x11" | "wayland" | "tty" | "mir" | "unspecified". */
  readonly type: string;
  /** "user" | "greeter" | "lock-screen" | "background". */
  readonly class: string;
  /** "online" | "active" | "closing". */
  readonly state: string;
  readonly active: boolean;
  /** Session.LockedHint. */
  readonly locked: boolean;
  readonly remote: boolean;
  /** X11 display (":0") or "". */
  readonly display: string;
  readonly tty: string;
  /** The session leader's pid (Session.Leader). */
  readonly leader: number;
  /** Session.Timestamp: when the session was created, µs since the epoch. */
  readonly createdUs: number;
}

/** What happened to a session; a consumer re-reads `list()` for details. */
export type SessionEvent =
  | { readonly kind: 'new'; readonly session: LoginSession }
  | { readonly kind: 'removed'; readonly id: string; readonly user: string }
  /** `active` or `locked` changed (Session PropertiesChanged, or the Lock/Unlock signals). */
  | { readonly kind: 'changed'; readonly session: LoginSession; readonly what: 'active' | 'locked' };

export interface Sessions {
  /** Every current session, in logind's order. */
  list(): Promise<LoginSession[]>;
  /** The active session on `seat` (default seat0), if any. */
  active(seat?: string): Promise<LoginSession | undefined>;
  /** The session a process belongs to (GetSessionByPID), for checking a socket peer. */
  sessionOfPid(pid: number): Promise<LoginSession | undefined>;
  /** Ask the session's screen locker to lock (LockSession), or every session when `id` is undefined (LockSessions). */
  lock(id?: string): Promise<void>;
  /** End a session (TerminateSession): oVirt's log-off. */
  terminate(id: string): Promise<void>;
  /** Subscribe; returns the unsubscribe function. */
  watch(listener: (e: SessionEvent) => void): () => void;
  /** Drop the bus connection. */
  close(): Promise<void>;
}
