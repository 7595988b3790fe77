import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectLogind, type LogindSessions } from '../../src/sessions/logind.js';
import { loginSession } from '../../src/sessions/fake-sessions.js';
import type { LoginSession, SessionEvent, Sessions } from '../../src/sessions/types.js';
import { startFakeLogin1, type FakeLogin1 } from './fake-login1.js';
import { startPrivateBus, type PrivateBus } from './private-bus.js';

const greeter = loginSession({ id: 'c1', uid: 120, user: 'gdm', class: 'greeter', type: 'wayland', state: 'online', leader: 900, createdUs: 1_700_000_000_000_001 });
const alice = loginSession({
  id: '2', uid: 1000, user: 'alice', type: 'x11', active: true, state: 'active', display: ':0', tty: 'tty2', leader: 1234, createdUs: 1_700_000_123_456_789,
});
const ssh = loginSession({ id: '5', uid: 1001, user: 'bob', seat: '', type: 'tty', remote: true, leader: 4000, state: 'online' });

let bus: PrivateBus;
let login1: FakeLogin1 | undefined;
let sessions: LogindSessions | undefined;

beforeAll(async () => {
  bus = await startPrivateBus();
});
afterAll(async () => {
  await bus?.stop();
});
afterEach(async () => {
  await sessions?.close();
  sessions = undefined;
  await login1?.stop().catch(() => {});
  login1 = undefined;
});

async function setUp(initial: LoginSession[] = [greeter, alice, ssh], onError?: (e: Error) => void): Promise<{ fake: FakeLogin1; s: LogindSessions }> {
  login1 = await startFakeLogin1(bus.address, initial);
  sessions = await connectLogind({ busAddress: bus.address, ...(onError ? { onError } : {}) });
  return { fake: login1, s: sessions };
}

/** Subscribes and resolves once the watch follows signals; `next(n)` resolves once n events arrived in total. */
async function recorder(s: LogindSessions): Promise<{ events: SessionEvent[]; next: (n: number) => Promise<SessionEvent[]> }> {
  const events: SessionEvent[] = [];
  const waiters: Array<() => void> = [];
  s.watch((e) => {
    events.push(e);
    for (const w of waiters.splice(0)) w();
  });
  const next = (n: number): Promise<SessionEvent[]> =>
    new Promise((resolve) => {
      const check = (): void => {
        if (events.length >= n) resolve(events.slice());
        else waiters.push(check);
      };
      check();
    });
  await s.watching();
  return { events, next };
}

/** A method call round trip through logind's name: every signal sent before it has been delivered and handled. */
async function settle(s: Sessions): Promise<void> {
  await s.list();
}

describe('connectLogind against a fake login1 on a private dbus-daemon', () => {
  it('lists every session with its properties, in logind order', async () => {
    const { s, fake } = await setUp();
    expect(await s.list()).toEqual([greeter, alice, ssh]);
    expect(fake.callsOf('ListSessions')).toEqual([[]]);
  });

  it('finds the active session of seat0 through the Seat, and none on an unknown seat', async () => {
    const { s, fake } = await setUp();
    expect(await s.active()).toEqual(alice);
    expect(await s.active('seat0')).toEqual(alice);
    expect(await s.active('seat7')).toBeUndefined();
    expect(fake.callsOf('GetSeat')).toEqual([['seat0'], ['seat0'], ['seat7']]);
    fake.setActive('2', false);
    expect(await s.active()).toBeUndefined();
  });

  it('maps a pid to its session, and a pid in no session to undefined', async () => {
    const { s, fake } = await setUp();
    fake.setPidSession(31337, '5');
    expect(await s.sessionOfPid(1234)).toEqual(alice);
    expect(await s.sessionOfPid(31337)).toEqual(ssh);
    expect(await s.sessionOfPid(424242)).toBeUndefined();
    expect(fake.callsOf('GetSessionByPID')).toEqual([[1234], [31337], [424242]]);
    await expect(s.sessionOfPid(0)).rejects.toThrow(RangeError);
    await expect(s.sessionOfPid(-1)).rejects.toThrow(RangeError);
    expect(fake.callsOf('GetSessionByPID')).toHaveLength(3);
  });

  it('lock and terminate reach logind with the exact arguments; errors reject', async () => {
    const { s, fake } = await setUp();
    await s.lock('2');
    await s.lock();
    await s.terminate('c1');
    expect(fake.calls.filter((c) => c.method !== 'ListSessions')).toEqual([
      { method: 'LockSession', args: ['2'] },
      { method: 'LockSessions', args: [] },
      { method: 'TerminateSession', args: ['c1'] },
    ]);
    await expect(s.terminate('99')).rejects.toMatchObject({ type: 'org.freedesktop.login1.NoSuchSession' });
  });

  it('reports new, removed (with the user), activated and locked sessions, each change once', async () => {
    const { s, fake } = await setUp([greeter, alice]);
    const { events, next } = await recorder(s);
    const bob = loginSession({ id: '7', uid: 1001, user: 'bob', leader: 5000, state: 'online' });
    fake.add(bob);
    expect(await next(1)).toEqual([{ kind: 'new', session: bob }]);

    // Switching to bob: alice goes inactive, bob active.
    fake.setActive('7', true);
    const switched = await next(3);
    expect(switched.slice(1)).toEqual([
      { kind: 'changed', what: 'active', session: { ...alice, active: false, state: 'online' } },
      { kind: 'changed', what: 'active', session: { ...bob, active: true, state: 'active' } },
    ]);

    // lock() makes logind emit Lock; the locker's LockedHint then changes nothing more.
    await s.lock('7');
    await next(4);
    fake.setLocked('7', true);
    await settle(s);
    fake.signalLock('7', false);
    await next(5);
    expect(events.slice(3)).toEqual([
      { kind: 'changed', what: 'locked', session: { ...bob, active: true, state: 'active', locked: true } },
      { kind: 'changed', what: 'locked', session: { ...bob, active: true, state: 'active', locked: false } },
    ]);

    // Active changed without a value (invalidated): re-read, reported once.
    fake.setActive('2', true, { invalidateOnly: true });
    await next(7);
    expect(events.slice(5).map((e) => [e.kind, e.kind === 'changed' ? `${e.session.id}:${e.what}:${e.session.active}` : ''])).toEqual([
      ['changed', '7:active:false'],
      ['changed', '2:active:true'],
    ]);

    fake.remove('7');
    await next(8);
    expect(events[7]).toEqual({ kind: 'removed', id: '7', user: 'bob' });
    await settle(s);
    expect(events).toHaveLength(8);
  });

  it('ignores session signals from anybody but login1\'s owner', async () => {
    const { s, fake } = await setUp([alice]);
    const { events, next } = await recorder(s);
    // An impostor on the same bus emits a SessionRemoved for alice.
    const impostor = await startFakeLogin1Free(bus.address);
    impostor.removeAliceSignal();
    await impostor.flush();
    fake.setLocked('2', true);
    await next(1);
    expect(events).toEqual([{ kind: 'changed', what: 'locked', session: { ...alice, locked: true } }]);
    impostor.close();
  });

  it('follows a logind restart: the new instance\'s sessions are reported as the difference', async () => {
    const { s, fake } = await setUp([greeter, alice]);
    const { events, next } = await recorder(s);
    await fake.stop();
    login1 = undefined;
    const bob = loginSession({ id: '7', uid: 1001, user: 'bob', leader: 5000 });
    // Gone: everything (no owner); back: alice and bob.
    await next(2);
    login1 = await startFakeLogin1(bus.address, [alice, bob]);
    await next(4);
    expect(events.slice(0, 2)).toEqual(expect.arrayContaining([
      { kind: 'removed', id: 'c1', user: 'gdm' },
      { kind: 'removed', id: '2', user: 'alice' },
    ]));
    expect(events.slice(2)).toEqual(expect.arrayContaining([{ kind: 'new', session: alice }, { kind: 'new', session: bob }]));
  });

  it('a listener that throws is reported through onError and the others still get events', async () => {
    const errors: Error[] = [];
    const { s, fake } = await setUp([alice], (e) => errors.push(e));
    s.watch(() => {
      throw new Error('listener bug');
    });
    const a = await recorder(s);
    fake.setLocked('2', true);
    await a.next(1);
    expect(errors.map((e) => e.message)).toEqual(['listener bug']);
  });

  it('a call logind never answers rejects after the reply timeout', async () => {
    login1 = await startFakeLogin1(bus.address, [alice]);
    login1.hangs.add('TerminateSession');
    sessions = await connectLogind({ busAddress: bus.address, callTimeoutMs: 50 });
    await expect(sessions.terminate('2')).rejects.toThrow(/TerminateSession got no reply/);
    expect(await sessions.list()).toEqual([alice]);
  });

  it('unsubscribing stops events for that listener', async () => {
    const { s, fake } = await setUp([alice]);
    const a = await recorder(s);
    const got: SessionEvent[] = [];
    const stop = s.watch((e) => got.push(e));
    stop();
    fake.setLocked('2', true);
    await a.next(1);
    expect(got).toEqual([]);
  });
});

describe('connectLogind when the bus is absent or goes away', () => {
  it('rejects for a socket nobody listens on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ga-nobus-'));
    try {
      await expect(connectLogind({ busAddress: `unix:path=${join(dir, 'none')}` })).rejects.toThrow(/cannot connect.*ENOENT/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects for a malformed address', async () => {
    await expect(connectLogind({ busAddress: 'bogus:' })).rejects.toThrow(/cannot connect/);
  });

  it('rejects when the peer closes during the handshake', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ga-nobus-'));
    const path = join(dir, 'bus');
    const srv = createServer((c) => c.destroy());
    await new Promise<void>((r) => srv.listen(path, r));
    try {
      await expect(connectLogind({ busAddress: `unix:path=${path}` })).rejects.toThrow(/cannot connect/);
    } finally {
      srv.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a lost bus once through onError and rejects later calls; pending calls settle', async () => {
    const own = await startPrivateBus();
    const fake = await startFakeLogin1(own.address, [alice]);
    const errors: Error[] = [];
    let lost!: () => void;
    const gone = new Promise<void>((r) => (lost = r));
    const s = await connectLogind({ busAddress: own.address, onError: (e) => { errors.push(e); lost(); } });
    s.watch(() => {});
    await s.list();
    void fake;
    await own.stop();
    await gone;
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/lost the bus connection/);
    await expect(s.list()).rejects.toThrow();
    await s.close();
    expect(errors).toHaveLength(1);
  });
});

/** A second connection on the bus, not owning login1, that can send login1-looking signals. */
async function startFakeLogin1Free(address: string): Promise<{ removeAliceSignal(): void; flush(): Promise<void>; close(): void }> {
  const dbus = (await import('dbus-next')).default;
  const b = dbus.sessionBus({ busAddress: address, authMethods: ['EXTERNAL'] });
  b.on('error', () => {});
  await new Promise<void>((r) => b.once('connect', () => r()));
  return {
    removeAliceSignal() {
      b.send(dbus.Message.newSignal('/org/freedesktop/login1', 'org.freedesktop.login1.Manager', 'SessionRemoved', 'so', ['2', '/org/freedesktop/login1/session/_32']));
      b.send(dbus.Message.newSignal('/org/freedesktop/login1/session/_32', 'org.freedesktop.login1.Session', 'Lock', '', []));
    },
    async flush() {
      await b.call(new dbus.Message({ destination: 'org.freedesktop.DBus', path: '/org/freedesktop/DBus', interface: 'org.freedesktop.DBus', member: 'GetId' }));
    },
    close() {
      b.disconnect();
    },
  };
}
