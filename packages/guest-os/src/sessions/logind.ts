/**
 * Sessions over D-Bus against systemd-logind (org.freedesktop.login1).
 *
 * Failure model (no logging here): `connectLogind` rejects when the bus is
 * absent or refuses us; once connected, every method rejects when a call
 * fails, and a lost bus connection (or a failure while following signals) is
 * reported once through `onError`. Nothing reconnects on its own, so an
 * absent bus can never make the agent spin; a consumer that wants to
 * survive a dbus restart closes this and connects again with its own backoff.
 *
 * watch() is signal-driven (AddMatch rules, no polling): it snapshots the
 * sessions on the first subscription and keeps that state up to date, so
 * 'removed' can carry the user and 'changed' fires only on a real change.
 * Signals are accepted only from the current owner of org.freedesktop.login1;
 * when logind restarts (a new owner) the state is re-read and the difference
 * is reported as events. The match rules stay until close(), also when the
 * last listener unsubscribes (cheap, and a later watch() needs no new snapshot).
 */
import { openBus, dbusErrorName, DEFAULT_SYSTEM_BUS_ADDRESS, type BusConnection, type BusMessage, type CallSpec } from './bus-connection.js';
import { sessionFromProperties, unwrap, unwrapAll } from './session-properties.js';
import type { LoginSession, SessionEvent, Sessions } from './types.js';

const LOGIN1 = 'org.freedesktop.login1';
const MANAGER_PATH = '/org/freedesktop/login1';
const MANAGER = 'org.freedesktop.login1.Manager';
const SESSION = 'org.freedesktop.login1.Session';
const SEAT = 'org.freedesktop.login1.Seat';
const PROPERTIES = 'org.freedesktop.DBus.Properties';
const SESSION_PATHS = '/org/freedesktop/login1/session';
const DBUS = { destination: 'org.freedesktop.DBus', path: '/org/freedesktop/DBus', interface: 'org.freedesktop.DBus' };
const SIGNAL = 4; // D-Bus message type SIGNAL (dbus-next's MessageType.SIGNAL)

/** The session vanished between listing and reading it, or the pid is in none. */
const GONE = new Set([
  // logind itself went away (a restart): NameOwnerChanged follows.
  'org.freedesktop.DBus.Error.ServiceUnknown',
  'org.freedesktop.DBus.Error.NameHasNoOwner',
  'org.freedesktop.DBus.Error.UnknownObject',
  'org.freedesktop.DBus.Error.UnknownMethod',
  'org.freedesktop.login1.NoSuchSession',
]);
const NO_SESSION_FOR_PID = new Set(['org.freedesktop.login1.NoSessionForPID', 'System.Error.ESRCH']);
const NO_SUCH_SEAT = 'org.freedesktop.login1.NoSuchSeat';

export interface LogindOptions {
  /** Default: $DBUS_SYSTEM_BUS_ADDRESS, else unix:path=/run/dbus/system_bus_socket. */
  busAddress?: string;
  /** Reply timeout of every call (default 25 s, libdbus's). */
  callTimeoutMs?: number;
  /**
   * The bus connection was lost, or following signals failed (a snapshot or
   * a session's properties could not be read), or a watch listener threw.
   * Without it such failures are dropped; the methods still reject.
   */
  onError?: (err: Error) => void;
}

/** The bus address connectLogind uses by default. */
export function systemBusAddress(env: NodeJS.ProcessEnv = process.env): string {
  return env.DBUS_SYSTEM_BUS_ADDRESS || DEFAULT_SYSTEM_BUS_ADDRESS;
}

const MATCH_RULES = [
  `type='signal',sender='${LOGIN1}',path='${MANAGER_PATH}',interface='${MANAGER}',member='SessionNew'`,
  `type='signal',sender='${LOGIN1}',path='${MANAGER_PATH}',interface='${MANAGER}',member='SessionRemoved'`,
  `type='signal',sender='${LOGIN1}',interface='${PROPERTIES}',member='PropertiesChanged',path_namespace='${SESSION_PATHS}'`,
  `type='signal',sender='${LOGIN1}',interface='${SESSION}',member='Lock',path_namespace='${SESSION_PATHS}'`,
  `type='signal',sender='${LOGIN1}',interface='${SESSION}',member='Unlock',path_namespace='${SESSION_PATHS}'`,
  `type='signal',sender='org.freedesktop.DBus',path='/org/freedesktop/DBus',interface='org.freedesktop.DBus',member='NameOwnerChanged',arg0='${LOGIN1}'`,
];

/** Sessions, plus what tests need to avoid racing the watch's start. */
export interface LogindSessions extends Sessions {
  /**
   * Resolves once watch() follows signals (match rules added, snapshot
   * taken): changes after this are reported. Rejects if starting failed
   * (also reported through onError; the next watch() retries); resolves at
   * once when nobody watches.
   */
  watching(): Promise<void>;
}

export async function connectLogind(opts: LogindOptions = {}): Promise<LogindSessions> {
  const conn = await openBus(opts.busAddress ?? systemBusAddress(), opts.callTimeoutMs);
  return new LogindClient(conn, opts.onError);
}

function str(v: unknown, what: string): string {
  if (typeof v !== 'string') throw new Error(`logind: ${what} is not a string`);
  return v;
}

class LogindClient implements LogindSessions {
  private readonly listeners = new Set<(e: SessionEvent) => void>();
  /** id -> session, and object path -> id, while watching. */
  private readonly state = new Map<string, LoginSession>();
  private readonly byPath = new Map<string, string>();
  private watching_: Promise<void> | undefined;
  /** Unique name of org.freedesktop.login1's owner; signals from anybody else are ignored. */
  private owner = '';
  /** Signals are handled one after another, in bus order. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly conn: BusConnection,
    private readonly onError?: (err: Error) => void,
  ) {
    conn.onLost((err) => this.report(new Error(`logind: lost the bus connection: ${err.message}`)));
    conn.onMessage((msg) => this.onMessage(msg));
  }

  private call(spec: Omit<CallSpec, 'destination'>): Promise<unknown[]> {
    return this.conn.call({ destination: LOGIN1, ...spec });
  }

  private manager(member: string, signature = '', body: unknown[] = []): Promise<unknown[]> {
    return this.call({ path: MANAGER_PATH, interface: MANAGER, member, signature, body });
  }

  /** The session at `path`, or undefined when it is gone. */
  private async read(path: string): Promise<LoginSession | undefined> {
    try {
      const [dict] = await this.call({ path, interface: PROPERTIES, member: 'GetAll', signature: 's', body: [SESSION] });
      return sessionFromProperties(unwrapAll(dict));
    } catch (e) {
      if (GONE.has(dbusErrorName(e) ?? '')) return undefined;
      throw e;
    }
  }

  /** [session, object path] of every session, in logind's order. */
  private async listWithPaths(): Promise<Array<[LoginSession, string]>> {
    let rows: unknown;
    try {
      [rows] = await this.manager('ListSessions');
    } catch (e) {
      if (GONE.has(dbusErrorName(e) ?? '')) return [];
      throw e;
    }
    const paths = (Array.isArray(rows) ? rows : []).map((r) => str((r as unknown[])[4], 'a session path'));
    const read = await Promise.all(paths.map((p) => this.read(p)));
    const out: Array<[LoginSession, string]> = [];
    read.forEach((s, i) => {
      if (s) out.push([s, paths[i]!]);
    });
    return out;
  }

  async list(): Promise<LoginSession[]> {
    return (await this.listWithPaths()).map(([s]) => s);
  }

  async active(seat = 'seat0'): Promise<LoginSession | undefined> {
    if (seat !== '') {
      let seatPath: string | undefined;
      try {
        seatPath = str((await this.manager('GetSeat', 's', [seat]))[0], 'a seat path');
      } catch (e) {
        if (dbusErrorName(e) !== NO_SUCH_SEAT) throw e;
        return undefined;
      }
      const [v] = await this.call({ path: seatPath, interface: PROPERTIES, member: 'Get', signature: 'ss', body: [SEAT, 'ActiveSession'] });
      const [id, path] = (unwrap(v) as unknown[] | undefined) ?? [];
      if (id === '' || typeof path !== 'string' || path === '/') return undefined;
      const s = await this.read(path);
      if (s) return s;
    }
    // No seat object (or its session just went away): logind's own flag decides.
    return (await this.list()).find((s) => s.seat === seat && s.active);
  }

  async sessionOfPid(pid: number): Promise<LoginSession | undefined> {
    // pid 0 would mean "the caller" to logind: the agent's own session, never the peer's.
    if (!Number.isInteger(pid) || pid <= 0 || pid > 0xffffffff) throw new RangeError(`sessionOfPid: bad pid ${pid}`);
    let path: string;
    try {
      path = str((await this.manager('GetSessionByPID', 'u', [pid]))[0], 'a session path');
    } catch (e) {
      if (NO_SESSION_FOR_PID.has(dbusErrorName(e) ?? '')) return undefined;
      throw e;
    }
    return this.read(path);
  }

  async lock(id?: string): Promise<void> {
    if (id === undefined) await this.manager('LockSessions');
    else await this.manager('LockSession', 's', [id]);
  }

  async terminate(id: string): Promise<void> {
    await this.manager('TerminateSession', 's', [id]);
  }

  watch(listener: (e: SessionEvent) => void): () => void {
    this.listeners.add(listener);
    if (!this.watching_) {
      this.watching_ = this.startWatching();
      this.watching_.catch((e: unknown) => {
        this.watching_ = undefined;
        this.report(e);
      });
    }
    return () => {
      this.listeners.delete(listener);
    };
  }

  async watching(): Promise<void> {
    await this.watching_;
  }

  async close(): Promise<void> {
    this.listeners.clear();
    this.conn.close();
  }

  private async startWatching(): Promise<void> {
    // Match rules first, then the owner and snapshot, so no change falls in between.
    for (const rule of MATCH_RULES) await this.conn.call({ ...DBUS, member: 'AddMatch', signature: 's', body: [rule] });
    await this.serially(async () => {
      this.owner = await this.currentOwner();
      await this.resync(false);
    });
  }

  private async currentOwner(): Promise<string> {
    try {
      return str((await this.conn.call({ ...DBUS, member: 'GetNameOwner', signature: 's', body: [LOGIN1] }))[0], 'an owner');
    } catch (e) {
      if (dbusErrorName(e) === 'org.freedesktop.DBus.Error.NameHasNoOwner') return '';
      throw e;
    }
  }

  /** Run `job` after every job queued before it; its failure goes to onError. */
  private serially(job: () => Promise<void>): Promise<void> {
    const run = this.queue.then(job);
    this.queue = run.catch((e: unknown) => this.report(e));
    return run;
  }

  private report(e: unknown): void {
    if (this.conn.closed && !(e instanceof Error && e.message.startsWith('logind: lost'))) return;
    const err = e instanceof Error ? e : new Error(String(e));
    try {
      this.onError?.(err);
    } catch {
      // the error callback's own failure has nowhere left to go
    }
  }

  private emit(e: SessionEvent): void {
    for (const l of [...this.listeners]) {
      try {
        l(e);
      } catch (err) {
        this.report(err);
      }
    }
  }

  /** Re-read every session; with `announce`, report what differs from the state as events. */
  private async resync(announce: boolean): Promise<void> {
    const now = this.owner === '' ? [] : await this.listWithPaths();
    const seen = new Set(now.map(([s]) => s.id));
    for (const [id, old] of [...this.state]) {
      if (seen.has(id)) continue;
      this.forget(id);
      if (announce) this.emit({ kind: 'removed', id, user: old.user });
    }
    for (const [s, path] of now) {
      const old = this.state.get(s.id);
      this.state.set(s.id, s);
      this.byPath.set(path, s.id);
      if (!announce) continue;
      if (!old) this.emit({ kind: 'new', session: s });
      else {
        if (old.active !== s.active) this.emit({ kind: 'changed', session: s, what: 'active' });
        if (old.locked !== s.locked) this.emit({ kind: 'changed', session: s, what: 'locked' });
      }
    }
  }

  private forget(id: string): void {
    this.state.delete(id);
    for (const [p, i] of this.byPath) if (i === id) this.byPath.delete(p);
  }

  private onMessage(msg: BusMessage): void {
    if (msg.type !== SIGNAL || !this.watching_) return;
    const body = Array.isArray(msg.body) ? msg.body : [];
    if (msg.interface === 'org.freedesktop.DBus' && msg.member === 'NameOwnerChanged' && msg.sender === 'org.freedesktop.DBus') {
      if (body[0] !== LOGIN1) return;
      const owner = typeof body[2] === 'string' ? body[2] : '';
      void this.serially(async () => {
        if (owner === this.owner) return;
        this.owner = owner;
        await this.resync(true);
      }).catch(() => {});
      return;
    }
    // Checked when the job runs, after any owner change queued before it.
    const fromLogind = (): boolean => this.owner !== '' && msg.sender === this.owner;
    const path = msg.path;
    if (msg.interface === MANAGER && path === MANAGER_PATH) {
      const [id, spath] = body;
      if (typeof id !== 'string' || typeof spath !== 'string') return;
      if (msg.member === 'SessionNew') void this.serially(async () => {
          if (fromLogind()) await this.added(spath);
        }).catch(() => {});
      else if (msg.member === 'SessionRemoved') void this.serially(async () => {
          if (fromLogind()) this.removed(id);
        }).catch(() => {});
      return;
    }
    if (typeof path !== 'string' || !path.startsWith(`${SESSION_PATHS}/`)) return;
    if (msg.interface === PROPERTIES && msg.member === 'PropertiesChanged') {
      if (body[0] !== SESSION) return;
      const changed = unwrapAll(body[1]);
      const invalidated = Array.isArray(body[2]) ? body[2].filter((x): x is string => typeof x === 'string') : [];
      void this.serially(async () => {
        if (fromLogind()) await this.propertiesChanged(path, changed, invalidated);
      }).catch(() => {});
    } else if (msg.interface === SESSION && (msg.member === 'Lock' || msg.member === 'Unlock')) {
      const locked = msg.member === 'Lock';
      void this.serially(async () => {
        if (fromLogind()) this.update(path, { locked });
      }).catch(() => {});
    }
  }

  private async added(path: string): Promise<void> {
    const s = await this.read(path);
    if (!s) return; // already gone again: SessionRemoved follows
    const known = this.state.has(s.id);
    this.state.set(s.id, s);
    this.byPath.set(path, s.id);
    if (!known) this.emit({ kind: 'new', session: s });
  }

  private removed(id: string): void {
    const old = this.state.get(id);
    if (!old) return;
    this.forget(id);
    this.emit({ kind: 'removed', id, user: old.user });
  }

  private async propertiesChanged(path: string, changed: Record<string, unknown>, invalidated: string[]): Promise<void> {
    const patch: { active?: boolean; locked?: boolean; state?: string } = {};
    if (typeof changed.Active === 'boolean') patch.active = changed.Active;
    if (typeof changed.LockedHint === 'boolean') patch.locked = changed.LockedHint;
    if (typeof changed.State === 'string') patch.state = changed.State;
    if (['Active', 'LockedHint', 'State'].some((p) => invalidated.includes(p))) {
      // Changed without values: read those again (only those: the others may be newer here).
      const s = await this.read(path);
      if (!s) return;
      if (invalidated.includes('Active')) patch.active = s.active;
      if (invalidated.includes('LockedHint')) patch.locked = s.locked;
      if (invalidated.includes('State')) patch.state = s.state;
    }
    this.update(path, patch);
  }

  /** Apply `patch` to the session at `path`; emit 'changed' for active/locked when they really change. */
  private update(path: string, patch: { active?: boolean; locked?: boolean; state?: string }): void {
    const id = this.byPath.get(path);
    const old = id === undefined ? undefined : this.state.get(id);
    if (!old || id === undefined) return;
    const s: LoginSession = { ...old, ...patch };
    this.state.set(id, s);
    if (patch.active !== undefined && patch.active !== old.active) this.emit({ kind: 'changed', session: s, what: 'active' });
    if (patch.locked !== undefined && patch.locked !== old.locked) {
      this.emit({ kind: 'changed', session: s, what: 'locked' });
    }
  }
}
