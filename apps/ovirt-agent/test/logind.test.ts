/**
 * The agent with the real logind client (D-Bus) against a fake
 * org.freedesktop.login1 on a private bus: active-user from the active
 * session, session-* events, lock-screen -> LockSessions, log-off ->
 * TerminateSession of the active user's session. Needs Debian `dbus`
 * (dbus-daemon); fails with the apt-get command when it is missing.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { startFakeLogin1, type FakeLogin1 } from '@ga/guest-os/testing/fake-login1';
import { startPrivateBus, type PrivateBus } from '@ga/guest-os/testing/private-bus';
import { connectLogind, type LogindSessions } from '@ga/guest-os/sessions/logind';
import { loginSession } from '@ga/guest-os/testing/fake-sessions';
import { realActions } from '../src/actions.js';
import { DEFAULT_CONFIG } from '../src/config.js';
import { startInProcess, type InProcess } from './in-process.js';

let bus: PrivateBus;
let login1: FakeLogin1;
let sessions: LogindSessions;
let run: InProcess | undefined;

beforeEach(async () => {
  bus = await startPrivateBus();
  login1 = await startFakeLogin1(bus.address, [loginSession({ id: 'c1', user: 'gdm', class: 'greeter', seat: 'seat0', active: false }), loginSession({ id: '2', user: 'alice', uid: 1000, seat: 'seat0', active: true })]);
  sessions = await connectLogind({ busAddress: bus.address });
});
afterEach(async () => {
  await run?.stop();
  run = undefined;
  await sessions.close();
  await login1.stop();
  await bus.stop();
});

describe('logind sessions over D-Bus', () => {
  it('reports the active user and the session events; lock and log-off call logind', async () => {
    const login = async () => undefined;
    run = await startInProcess({ actions: realActions({ config: DEFAULT_CONFIG, sessions, login }), sessions });
    const { host } = run;
    await host.waitFor(() => host.model.guestInfo.username === 'alice', 10000, 'active-user alice');
    await sessions.watching();

    login1.setLocked('2', true);
    await host.waitFor(() => host.model.guestInfo.session === 'Locked', 5000, 'session-lock');
    login1.setLocked('2', false);
    await host.waitFor(() => host.model.guestInfo.session === 'Active', 5000, 'session-unlock');

    await host.desktopLock();
    expect(await login1.nextCall('LockSessions')).toEqual([]);
    await host.desktopLogoff();
    expect(await login1.nextCall('TerminateSession')).toEqual(['2']);

    login1.remove('2');
    await host.waitFor(() => host.model.guestInfo.session === 'LoggedOff' && host.model.guestInfo.username === 'None', 5000, 'session-logoff');
    login1.add(loginSession({ id: '3', user: 'bob', uid: 1001, seat: 'seat0', active: true }));
    await host.waitFor(() => host.model.guestInfo.session === 'UserLoggedOn' && host.model.guestInfo.username === 'bob', 5000, 'session-logon');
    const names = host.model.messages.map((m) => m.name);
    expect(names.slice(names.indexOf('session-logoff'))).toEqual(expect.arrayContaining(['session-logoff', 'active-user', 'session-logon']));
  }, 30000);
});
