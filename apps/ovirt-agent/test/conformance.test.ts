/**
 * The conformance vectors V1–V11 of ovirt-guest-agent.md §7, against the
 * agent with fixed facts, a recording executor and hand-stepped timers.
 */
import { describe, expect, it } from '@jest/globals';
import { flush, FQDN, harness, KERNEL, loginSession, fakeSessions } from '../src/testing/fixtures.js';

const names = (ms: Array<{ __name__: string }>) => ms.map((m) => m.__name__);
const NIC = { name: 'eth0', hw: '52:54:00:12:34:56', inet: ['192.0.2.10'], inet6: ['fe80::5054:ff:fe12:3456'] };
const V3_SET = ['session-startup', 'active-user', 'applications', 'host-name', 'os-version', 'network-interfaces', 'disks-usage', 'fqdn'];
// V4 plus number-of-cpus at the end (sent at once, not only after 60 s).
const V4_SET = ['session-startup', 'active-user', 'applications', 'containers', 'host-name', 'os-version', 'network-interfaces', 'disks-usage', 'fqdn', 'timezone', 'os-info', 'number-of-cpus'];

describe('V1 start-up burst at API 0', () => {
  it('sends the reference lines, byte for byte, and nothing above API 0', async () => {
    const h = harness();
    h.timers.advance(250);
    await h.take();
    expect(h.raw).toEqual([
      '{"__name__": "session-startup"}\n',
      `{"__name__": "host-name", "name": "${FQDN}"}\n`,
      `{"__name__": "os-version", "version": "${KERNEL}"}\n`,
      '{"__name__": "network-interfaces", "interfaces": [{"name": "eth0", "hw": "52:54:00:12:34:56", "inet": ["192.0.2.10"], "inet6": ["fe80::5054:ff:fe12:3456"]}]}\n',
      '{"__name__": "active-user", "name": "None"}\n',
      '{"__name__": "applications", "applications": ["kernel-4.18.0-348.el8", "cloud-init-21.1-7.el8"]}\n',
      `{"__name__": "fqdn", "fqdn": "${FQDN}"}\n`,
    ]);
  });
});

describe('V2 heartbeats', () => {
  it('reports API 0 first, then 3; free-ram a string of MiB; rates per second', async () => {
    const h = harness();
    h.timers.advance(250);
    await h.take();
    h.timers.advance(4750);
    await h.take();
    expect(h.raw.at(-1)).toBe(
      '{"__name__": "heartbeat", "free-ram": "23677", "apiVersion": 0, "memory-stat": {"mem_total": 24683620, "mem_free": 24246188, "mem_unused": 23650704, "mem_buffers": 5272, "mem_cached": 590212, "swap_total": 0, "swap_usage": 0, "swap_in": 0, "swap_out": 0, "pageflt": 0, "majflt": 0}}\n',
    );
    h.facts.vm.pgfault += 8095;
    h.facts.vm.pgmajfault += 25;
    h.timers.advance(5000);
    const [hb] = await h.take();
    expect(hb).toMatchObject({ __name__: 'heartbeat', 'free-ram': '23677', apiVersion: 3, 'memory-stat': { pageflt: 1619, majflt: 5, swap_in: 0 } });
    h.timers.advance(5000);
    expect((await h.take())[0]).toMatchObject({ apiVersion: 3 });
  });
});

describe('V3/V4/V5 negotiation', () => {
  it('V3: refresh with apiVersion 3 at API 0 sends the API-0 refresh set and keeps API 0', async () => {
    const h = harness();
    const out = await h.command({ apiVersion: 3, __name__: 'refresh' });
    expect(names(out)).toEqual(V3_SET);
    expect(h.agent.apiVersion).toBe(0);
    expect(out[6]).toEqual({ __name__: 'disks-usage', disks: [{ path: '/', fs: 'ext4', total: 270553174016, used: 24358555648 }], mapping: { 'abc-123': { name: '/dev/vda' } } });
    // The connect-time refresh replaces the startup burst.
    h.timers.advance(250);
    expect(await h.take()).toEqual([]);
  });

  it('V4: api-version 3 (or 99) at API 0 sends everything; repeating it, "x" or nothing sends nothing', async () => {
    const h = harness();
    const out = await h.command({ apiVersion: 3, __name__: 'api-version' });
    expect(names(out)).toEqual(V4_SET);
    expect(out).toContainEqual({ __name__: 'containers', list: [] });
    expect(out).toContainEqual({ __name__: 'timezone', zone: 'Etc/UTC', offset: 0 });
    expect(out).toContainEqual({ __name__: 'os-info', version: '8.5', distribution: 'CentOS Linux', codename: '', arch: 'x86_64', type: 'linux', kernel: KERNEL });
    expect(await h.command({ apiVersion: 3, __name__: 'api-version' })).toEqual([]);
    expect(await h.command({ apiVersion: 'x', __name__: 'api-version' })).toEqual([]);
    expect(await h.command({ __name__: 'api-version' })).toEqual([]);
    const h2 = harness();
    expect(names(await h2.command({ apiVersion: 99, __name__: 'api-version' }))).toEqual(V4_SET);
    expect(h2.agent.apiVersion).toBe(3);
  });

  it('V5: refresh without apiVersion at API 3 drops to 0 and sends the V3 set', async () => {
    const h = harness();
    await h.command({ apiVersion: 3, __name__: 'api-version' });
    expect(names(await h.command({ __name__: 'refresh' }))).toEqual(V3_SET);
    expect(h.agent.apiVersion).toBe(0);
  });

  it('a negative api-version does not mute the agent (clamped to 0)', async () => {
    const h = harness();
    await h.command({ apiVersion: 3, __name__: 'api-version' });
    expect(names(await h.command({ apiVersion: -1, __name__: 'api-version' }))).toEqual(V3_SET);
    expect(h.agent.apiVersion).toBe(0);
    h.timers.advance(5000);
    expect(names(await h.take())).toContain('heartbeat');
  });
});

describe('V6 echo', () => {
  it('returns the arguments', async () => {
    const h = harness();
    await h.command({ __name__: 'echo', foo: 'bar', n: 1 });
    await h.command({ __name__: 'echo' });
    expect(h.raw).toEqual(['{"__name__": "echo", "foo": "bar", "n": 1}\n', '{"__name__": "echo"}\n']);
  });
});

describe('V7 lifecycle events', () => {
  it('runs hooks, then completion with the reply_id, for known and unknown types and missing directories', async () => {
    const h = harness({ actions: { runHooks: async () => ({ missing: false, results: [{ name: '10_x', path: '/h/10_x', exitCode: 0, signal: null, timedOut: false, output: 'ok' }] }) } });
    await h.command({ apiVersion: 3, __name__: 'api-version' });
    const id = '03af8c10-1884-4fd3-8a2c-7004998a1653';
    expect(await h.command({ __name__: 'lifecycle-event', type: 'before_migration', reply_id: id })).toEqual([{ __name__: 'completion', reply_id: id, done: true }]);
    expect(h.raw.at(-1)).toBe(`{"__name__": "completion", "reply_id": "${id}", "done": true}\n`);
    expect(await h.command({ __name__: 'lifecycle-event', type: 'bogus', reply_id: 'r1' })).toEqual([{ __name__: 'completion', reply_id: 'r1', done: true }]);
    expect(await h.command({ __name__: 'lifecycle-event', type: 'after_migration' })).toEqual([]);
    expect(h.actions.calls).toEqual([{ action: 'runHooks', args: ['before_migration'] }, { action: 'runHooks', args: ['after_migration'] }]);
    const missing = harness();
    await missing.command({ apiVersion: 3, __name__: 'api-version' });
    expect(await missing.command({ __name__: 'lifecycle-event', type: 'before_hibernation', reply_id: 'r2' })).toEqual([{ __name__: 'completion', reply_id: 'r2', done: true }]);
  });

  it('at API < 3 hooks run but completion is not sent', async () => {
    const h = harness();
    expect(await h.command({ __name__: 'lifecycle-event', type: 'before_migration', reply_id: 'r1' })).toEqual([]);
    expect(h.actions.calls).toEqual([{ action: 'runHooks', args: ['before_migration'] }]);
  });
});

describe('V8 CPU count', () => {
  it('answers set-number-of-cpus at API >= 1, not at 0 or with count 0; reports every 60 s', async () => {
    const h = harness();
    expect(await h.command({ __name__: 'set-number-of-cpus', count: 2 })).toEqual([]);
    expect((await h.command({ apiVersion: 1, __name__: 'api-version' })).at(-1)).toEqual({ __name__: 'number-of-cpus', count: 2 });
    expect(await h.command({ __name__: 'set-number-of-cpus', count: '2' })).toEqual([{ __name__: 'number-of-cpus', count: 2 }]);
    expect(await h.command({ __name__: 'set-number-of-cpus', count: 0 })).toEqual([]);
    expect(h.actions.calls).toEqual([{ action: 'setCpuCount', args: [2] }, { action: 'setCpuCount', args: [2] }]);
    h.timers.advance(60000);
    expect((await h.take()).filter((m) => m.__name__ === 'number-of-cpus')).toEqual([{ __name__: 'number-of-cpus', count: 2 }]);
  });
});

describe('V9 side-effect-only commands', () => {
  it('executes the exact actions and sends nothing', async () => {
    const h = harness();
    expect(await h.command({ timeout: 70, message: 'bye', reboot: 'False', __name__: 'shutdown' })).toEqual([]);
    await h.command({ __name__: 'shutdown', timeout: '30', message: 'm', reboot: 'true' });
    await h.command({ __name__: 'shutdown', reboot: true });
    await h.command({ __name__: 'lock-screen' });
    await h.command({ __name__: 'log-off' });
    await h.command({ __name__: 'hibernate', state: 'mem' });
    await h.command({ __name__: 'hibernate' });
    await h.command({ __name__: 'login', username: 'u@d', password: 'p' });
    expect(h.actions.calls).toEqual([
      { action: 'shutdown', args: [{ delaySeconds: 70, message: 'bye', reboot: false }] },
      { action: 'shutdown', args: [{ delaySeconds: 30, message: 'm', reboot: true }] },
      { action: 'shutdown', args: [{ delaySeconds: 0, message: 'System is going down', reboot: true }] },
      { action: 'lockScreen', args: [] },
      { action: 'logOff', args: [] },
      { action: 'hibernate', args: ['mem'] },
      { action: 'hibernate', args: ['disk'] },
      { action: 'login', args: ['u@d', 'p'] },
    ]);
    expect(h.raw).toEqual([]);
    expect(h.log.lines.join('\n')).not.toMatch(/"p"|password/);
  });

  it('ignores garbage, unknown commands and wrong types, and keeps running', async () => {
    const h = harness();
    for (const line of ['garbage line', '[1, 2]', '{"__name__": "no-such-command"}', '{"no": "name"}', '']) h.agent.onLine(line);
    await h.command({ __name__: 'shutdown', reboot: 'maybe' });
    await h.command({ __name__: 'shutdown', timeout: 'soon' });
    await h.command({ __name__: 'hibernate', state: 'freeze' });
    await h.command({ __name__: 'set-number-of-cpus', count: 'x' });
    await h.command({ __name__: 'login', username: 5, password: 'p' });
    await h.command({ __name__: 'lifecycle-event', type: 5, reply_id: {} });
    expect(h.raw).toEqual([]);
    await h.command({ __name__: 'echo', x: [1, { y: null }] });
    expect(h.raw).toEqual(['{"__name__": "echo", "x": [1, {"y": null}]}\n']);
    expect(h.actions.calls).toEqual([{ action: 'shutdown', args: [{ delaySeconds: 0, message: 'System is going down', reboot: false }] }]);
    expect(h.log.lines.filter((l) => l.startsWith('warn')).length).toBeGreaterThanOrEqual(10);
  });
});

describe('V10 stop', () => {
  it('ends with session-shutdown and stops every timer', async () => {
    const h = harness();
    h.timers.advance(5000);
    await h.agent.stop();
    expect(h.out.at(-1)).toEqual({ __name__: 'session-shutdown' });
    expect(h.timers.pending).toBe(0);
  });
});

describe('V11 session events (from logind on Linux)', () => {
  it('lock, unlock, logon and logoff', async () => {
    const sessions = fakeSessions([loginSession({ id: 'c1', user: 'gdm', class: 'greeter', active: true })]);
    const h = harness({ sessions });
    await h.command({ __name__: 'refresh', apiVersion: 3 });
    await flush();
    sessions.add(loginSession({ id: '2', user: 'alice', active: true }));
    sessions.deactivate('c1');
    await flush();
    expect(await h.take()).toEqual([{ __name__: 'active-user', name: 'alice' }, { __name__: 'session-logon' }]);
    sessions.setLocked('2', true);
    sessions.setLocked('2', false);
    await flush();
    expect(await h.take()).toEqual([{ __name__: 'session-lock' }, { __name__: 'session-unlock' }]);
    sessions.remove('2');
    await flush();
    expect(await h.take()).toEqual([{ __name__: 'session-logoff' }, { __name__: 'active-user', name: 'None' }]);
    // greeter sessions are not users
    sessions.add(loginSession({ id: 'c2', user: 'gdm', class: 'greeter', active: true }));
    await flush();
    expect(await h.take()).toEqual([]);
  });

  it('active-user is the active session\'s user, checked every 10 s, sent only on change', async () => {
    const sessions = fakeSessions([loginSession({ id: '3', user: 'zed', active: true }), loginSession({ id: '4', user: 'adam', active: false })]);
    const h = harness({ sessions });
    expect((await h.command({ __name__: 'refresh', apiVersion: 3 }))[1]).toEqual({ __name__: 'active-user', name: 'zed' });
    h.timers.advance(10000);
    expect((await h.take()).filter((m) => m.__name__ === 'active-user')).toEqual([]);
  });
});
