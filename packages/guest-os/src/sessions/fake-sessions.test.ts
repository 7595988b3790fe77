import { describe, expect, it } from '@jest/globals';
import { fakeSessions, loginSession } from './fake-sessions.js';
import type { SessionEvent } from './types.js';

describe('fakeSessions', () => {
  const gdm = loginSession({ id: 'c1', user: 'gdm', uid: 120, class: 'greeter', active: true, leader: 900 });
  const alice = loginSession({ id: '2', user: 'alice', uid: 1000, leader: 1234, display: ':0' });

  it('lists, finds the active session of a seat and the session of a pid', async () => {
    const s = fakeSessions([gdm, alice]);
    expect(await s.list()).toEqual([gdm, alice]);
    expect(await s.active()).toEqual(gdm);
    expect(await s.active('seat1')).toBeUndefined();
    expect(await s.sessionOfPid(1234)).toEqual(alice);
    s.setPidSession(4321, '2');
    expect(await s.sessionOfPid(4321)).toEqual(alice);
    expect(await s.sessionOfPid(1)).toBeUndefined();
  });

  it('emits new, removed (with the user) and changed only on real changes', async () => {
    const s = fakeSessions([gdm]);
    const events: SessionEvent[] = [];
    const stop = s.watch((e) => events.push(e));
    s.add(alice);
    s.activate('2');
    s.activate('2');
    s.setLocked('2', true);
    s.setLocked('2', true);
    s.remove('2');
    expect(events).toEqual([
      { kind: 'new', session: alice },
      { kind: 'changed', what: 'active', session: { ...gdm, active: false, state: 'online' } },
      { kind: 'changed', what: 'active', session: { ...alice, active: true, state: 'active' } },
      { kind: 'changed', what: 'locked', session: { ...alice, active: true, state: 'active', locked: true } },
      { kind: 'removed', id: '2', user: 'alice' },
    ]);
    expect(s.watchers).toBe(1);
    stop();
    expect(s.watchers).toBe(0);
    s.activate('c1');
    expect(events).toHaveLength(5);
  });

  it('records lock and terminate instead of acting, and refuses calls after close', async () => {
    const s = fakeSessions([alice]);
    await s.lock('2');
    await s.lock();
    await s.terminate('2');
    expect(s.calls).toEqual([{ method: 'lock', id: '2' }, { method: 'lock' }, { method: 'terminate', id: '2' }]);
    expect(await s.list()).toEqual([alice]);
    await s.close();
    expect(s.closed).toBe(true);
    await expect(s.list()).rejects.toThrow(/closed/);
  });

  it('throws for unknown or duplicate sessions (test mistakes)', () => {
    const s = fakeSessions([alice]);
    expect(() => s.add(alice)).toThrow(/exists/);
    expect(() => s.remove('9')).toThrow(/no session 9/);
  });
});
