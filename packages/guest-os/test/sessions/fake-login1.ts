/**
 * A fake systemd-logind on a (private) bus: org.freedesktop.login1 with the
 * Manager, Session and Seat objects and members that sessions/logind.ts
 * uses, driven by the test, recording every action call with its exact
 * arguments instead of acting. Reusable by other e2e tests:
 *
 *   const bus = await startPrivateBus();                        // ./private-bus.ts
 *   const login1 = await startFakeLogin1(bus.address, [loginSession({ id: '2', active: true })]);
 *   const sessions = await connectLogind({ busAddress: bus.address });
 *   ... login1.add(...), login1.setActive('2', false), login1.calls ...
 *   await sessions.close(); await login1.stop(); await bus.stop();
 *
 * Like logind, LockSession/LockSessions emit the session's Lock signal (the
 * locker then sets LockedHint: call setLocked) and TerminateSession only
 * records (call remove() for the SessionRemoved that follows).
 */
import dbus from 'dbus-next';
import type { LoginSession } from '../../src/sessions/types.js';

const LOGIN1 = 'org.freedesktop.login1';
const MANAGER_PATH = '/org/freedesktop/login1';

export interface Login1Call {
  readonly method: string;
  readonly args: unknown[];
}

/** logind's object path label escaping (bus_label_escape): "2" -> "_32". */
export function escapeLabel(s: string): string {
  if (s === '') return '_';
  let out = '';
  [...Buffer.from(s)].forEach((b, i) => {
    const c = String.fromCharCode(b);
    const alnum = /[A-Za-z0-9]/.test(c) && !(i === 0 && /[0-9]/.test(c));
    out += alnum ? c : `_${b.toString(16).padStart(2, '0')}`;
  });
  return out;
}

export const sessionPath = (id: string): string => `${MANAGER_PATH}/session/${escapeLabel(id)}`;
export const seatPath = (id: string): string => `${MANAGER_PATH}/seat/${escapeLabel(id)}`;

const noSuch = (type: string, text: string): dbus.DBusError => new dbus.DBusError(`org.freedesktop.login1.${type}`, text);

class SessionIface extends dbus.interface.Interface {
  constructor(public s: LoginSession) {
    super('org.freedesktop.login1.Session');
  }
  get Id() { return this.s.id; }
  get User() { return [this.s.uid, `${MANAGER_PATH}/user/_${this.s.uid}`]; }
  get Name() { return this.s.user; }
  get Seat() { return [this.s.seat, this.s.seat === '' ? '/' : seatPath(this.s.seat)]; }
  get Type() { return this.s.type; }
  get Class() { return this.s.class; }
  get State() { return this.s.state; }
  get Active() { return this.s.active; }
  get LockedHint() { return this.s.locked; }
  get Remote() { return this.s.remote; }
  get Display() { return this.s.display; }
  get TTY() { return this.s.tty; }
  get Leader() { return this.s.leader; }
  get Timestamp() { return BigInt(this.s.createdUs); }
  Lock(): void {}
  Unlock(): void {}
}
SessionIface.configureMembers({
  properties: {
    Id: { signature: 's', access: 'read' },
    User: { signature: '(uo)', access: 'read' },
    Name: { signature: 's', access: 'read' },
    Seat: { signature: '(so)', access: 'read' },
    Type: { signature: 's', access: 'read' },
    Class: { signature: 's', access: 'read' },
    State: { signature: 's', access: 'read' },
    Active: { signature: 'b', access: 'read' },
    LockedHint: { signature: 'b', access: 'read' },
    Remote: { signature: 'b', access: 'read' },
    Display: { signature: 's', access: 'read' },
    TTY: { signature: 's', access: 'read' },
    Leader: { signature: 'u', access: 'read' },
    Timestamp: { signature: 't', access: 'read' },
  },
  signals: { Lock: { signature: '' }, Unlock: { signature: '' } },
});

class SeatIface extends dbus.interface.Interface {
  constructor(public id: string, public activeId: string) {
    super('org.freedesktop.login1.Seat');
  }
  get Id() { return this.id; }
  get ActiveSession() { return [this.activeId, this.activeId === '' ? '/' : sessionPath(this.activeId)]; }
}
SeatIface.configureMembers({
  properties: { Id: { signature: 's', access: 'read' }, ActiveSession: { signature: '(so)', access: 'read' } },
});

class ManagerIface extends dbus.interface.Interface {
  constructor(private readonly fake: FakeLogin1) {
    super('org.freedesktop.login1.Manager');
  }
  ListSessions() {
    this.fake.record('ListSessions', []);
    return [...this.fake.sessions.values()].map((s) => [s.id, s.uid, s.user, s.seat, sessionPath(s.id)]);
  }
  GetSession(id: string) {
    this.fake.record('GetSession', [id]);
    if (!this.fake.sessions.has(id)) throw noSuch('NoSuchSession', `No session '${id}' known`);
    return sessionPath(id);
  }
  GetSessionByPID(pid: number) {
    this.fake.record('GetSessionByPID', [pid]);
    const id = this.fake.pids.get(pid) ?? [...this.fake.sessions.values()].find((s) => s.leader === pid)?.id;
    if (id === undefined) throw noSuch('NoSessionForPID', `PID ${pid} does not belong to any known session`);
    return sessionPath(id);
  }
  GetSeat(id: string) {
    this.fake.record('GetSeat', [id]);
    if (!this.fake.seats.has(id)) throw noSuch('NoSuchSeat', `No seat '${id}' known`);
    return seatPath(id);
  }
  LockSession(id: string) {
    this.fake.record('LockSession', [id]);
    const iface = this.fake.sessionIfaces.get(id);
    if (!iface) throw noSuch('NoSuchSession', `No session '${id}' known`);
    iface.Lock();
  }
  LockSessions() {
    this.fake.record('LockSessions', []);
    for (const iface of this.fake.sessionIfaces.values()) iface.Lock();
  }
  TerminateSession(id: string) {
    this.fake.record('TerminateSession', [id]);
    if (this.fake.hangs.has('TerminateSession')) return new Promise<void>(() => {});
    if (!this.fake.sessions.has(id)) throw noSuch('NoSuchSession', `No session '${id}' known`);
  }
  SessionNew(id: string, path: string) { return [id, path]; }
  SessionRemoved(id: string, path: string) { return [id, path]; }
}
ManagerIface.configureMembers({
  methods: {
    ListSessions: { outSignature: 'a(susso)' },
    GetSession: { inSignature: 's', outSignature: 'o' },
    GetSessionByPID: { inSignature: 'u', outSignature: 'o' },
    GetSeat: { inSignature: 's', outSignature: 'o' },
    LockSession: { inSignature: 's' },
    LockSessions: {},
    TerminateSession: { inSignature: 's' },
  },
  signals: { SessionNew: { signature: 'so' }, SessionRemoved: { signature: 'so' } },
});

export class FakeLogin1 {
  /** Every Manager method call, in order, with its arguments. */
  readonly calls: Login1Call[] = [];
  readonly sessions = new Map<string, LoginSession>();
  readonly pids = new Map<number, string>();
  readonly seats = new Map<string, SeatIface>();
  readonly sessionIfaces = new Map<string, SessionIface>();
  /** Methods that never reply (a wedged logind), for reply-timeout tests. TerminateSession only, for now. */
  readonly hangs = new Set<'TerminateSession'>();
  private readonly manager = new ManagerIface(this);

  constructor(readonly bus: dbus.MessageBus) {
    bus.export(MANAGER_PATH, this.manager);
    this.seat('seat0');
  }

  private readonly waiters: Array<{ method: string; resolve: (args: unknown[]) => void }> = [];

  record(method: string, args: unknown[]): void {
    this.calls.push({ method, args });
    for (const w of this.waiters.filter((x) => x.method === method)) {
      this.waiters.splice(this.waiters.indexOf(w), 1);
      w.resolve(args);
    }
  }

  /**
   * Resolves with the arguments of the next call of `method`. E.g. a watch()
   * is following signals once its snapshot's ListSessions arrived here.
   */
  nextCall(method: string): Promise<unknown[]> {
    return new Promise((resolve) => this.waiters.push({ method, resolve }));
  }

  /** Calls of one Manager method (their argument lists). */
  callsOf(method: string): unknown[][] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }

  private seat(id: string): SeatIface {
    let seat = this.seats.get(id);
    if (!seat) {
      seat = new SeatIface(id, '');
      this.seats.set(id, seat);
      this.bus.export(seatPath(id), seat);
    }
    return seat;
  }

  /** Export a session; with `announce`, emit SessionNew as logind does. */
  add(s: LoginSession, announce = true): void {
    if (this.sessions.has(s.id)) throw new Error(`fake login1: session ${s.id} exists`);
    const iface = new SessionIface(s);
    this.sessions.set(s.id, s);
    this.sessionIfaces.set(s.id, iface);
    this.bus.export(sessionPath(s.id), iface);
    if (s.seat !== '') {
      const seat = this.seat(s.seat);
      if (s.active) seat.activeId = s.id;
    }
    if (announce) this.manager.SessionNew(s.id, sessionPath(s.id));
  }

  remove(id: string): void {
    const iface = this.sessionIfaces.get(id);
    if (!iface) throw new Error(`fake login1: no session ${id}`);
    this.sessions.delete(id);
    this.sessionIfaces.delete(id);
    const seat = this.seats.get(iface.s.seat);
    if (seat?.activeId === id) seat.activeId = '';
    this.manager.SessionRemoved(id, sessionPath(id));
    this.bus.unexport(sessionPath(id), iface);
  }

  private patch(id: string, patch: Partial<LoginSession>, changed: Record<string, unknown>, invalidated: string[] = []): void {
    const iface = this.sessionIfaces.get(id);
    if (!iface) throw new Error(`fake login1: no session ${id}`);
    iface.s = { ...iface.s, ...patch };
    this.sessions.set(id, iface.s);
    dbus.interface.Interface.emitPropertiesChanged(iface, changed, invalidated);
  }

  /** Set Active (and State) with PropertiesChanged; activating moves the seat's ActiveSession. */
  setActive(id: string, active: boolean, opts: { invalidateOnly?: boolean } = {}): void {
    const state = active ? 'active' : 'online';
    const s = this.sessions.get(id);
    if (s && s.seat !== '') {
      const seat = this.seat(s.seat);
      if (active) {
        const prev = seat.activeId;
        seat.activeId = id;
        if (prev !== '' && prev !== id && this.sessions.has(prev)) this.setActive(prev, false, opts);
      } else if (seat.activeId === id) seat.activeId = '';
    }
    if (opts.invalidateOnly) this.patch(id, { active, state }, {}, ['Active', 'State']);
    else this.patch(id, { active, state }, { Active: active, State: state });
  }

  /** Set LockedHint with PropertiesChanged (what the screen locker does via SetLockedHint). */
  setLocked(id: string, locked: boolean): void {
    this.patch(id, { locked }, { LockedHint: locked });
  }

  /** Emit the session's Lock or Unlock signal (what LockSession/UnlockSession do). */
  signalLock(id: string, lock: boolean): void {
    const iface = this.sessionIfaces.get(id);
    if (!iface) throw new Error(`fake login1: no session ${id}`);
    if (lock) iface.Lock();
    else iface.Unlock();
  }

  /** Make GetSessionByPID(pid) answer `id` (a session's leader already does). */
  setPidSession(pid: number, id: string): void {
    this.pids.set(pid, id);
  }

  /** Release the name and disconnect (like logind exiting). */
  async stop(): Promise<void> {
    try {
      await this.bus.releaseName(LOGIN1);
    } finally {
      this.bus.disconnect();
    }
  }
}

/** Connect to `busAddress`, own org.freedesktop.login1 and export `initial` (without SessionNew). */
export async function startFakeLogin1(busAddress: string, initial: LoginSession[] = []): Promise<FakeLogin1> {
  const bus = dbus.sessionBus({ busAddress, authMethods: ['EXTERNAL'] });
  await new Promise<void>((resolve, reject) => {
    bus.once('connect', () => resolve());
    bus.once('error', reject);
  });
  bus.on('error', () => {});
  const fake = new FakeLogin1(bus);
  for (const s of initial) fake.add(s, false);
  const reply = await bus.requestName(LOGIN1, dbus.NameFlag.DO_NOT_QUEUE);
  if (reply !== dbus.RequestNameReply.PRIMARY_OWNER) {
    bus.disconnect();
    throw new Error(`fake login1: could not own ${LOGIN1} (reply ${reply})`);
  }
  return fake;
}
