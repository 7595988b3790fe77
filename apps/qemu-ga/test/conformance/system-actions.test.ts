// Commands that act on the machine, compared with the system tools replaced
// by logging stand-ins in a private mount namespace (agents.ts FAKED_TOOLS):
// qemu-ga.md §8.44 and the success paths of guest-shutdown,
// guest-set-user-password and guest-set-time (RTC sync, no time argument).
// guest-set-time with a time, guest-suspend-* and real freezes of / stay out:
// they act through syscalls or sysfs, which no stand-in can intercept.
import { existsSync } from 'node:fs';
import { describe, it } from '@jest/globals';
import { conform, type ConformanceCase } from './conform.js';

if (process.getuid?.() !== 0) {
  throw new Error('the system-action conformance cases need a private mount namespace: run as root');
}

const sandboxed = (name: string, run: ConformanceCase['run']): ConformanceCase => ({ name, fakeSystemTools: true, run });
/** A command with no reply on success: wait for the stand-in to be called, check that no reply came. */
const noReply = (request: string): ConformanceCase['run'] => async (s) => {
  await s.send(request);
  const deadline = Date.now() + 15_000;
  while (!existsSync(s.agent.callsLog) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await s.quiet(500);
  s.noteCalls();
};

const cases: ConformanceCase[] = [
  sandboxed('§8.44 guest-shutdown with a bad mode', async (s) => {
    await s.req('{"execute":"guest-shutdown","arguments":{"mode":"bogus"}}');
    s.noteCalls();
  }),
  sandboxed('guest-shutdown powerdown (stand-in shutdown)', noReply('{"execute":"guest-shutdown","arguments":{"mode":"powerdown"}}')),
  sandboxed('guest-shutdown default mode (stand-in shutdown)', noReply('{"execute":"guest-shutdown"}')),
  sandboxed('guest-shutdown reboot (stand-in shutdown)', noReply('{"execute":"guest-shutdown","arguments":{"mode":"reboot"}}')),
  sandboxed('guest-shutdown halt with an id (stand-in shutdown)', noReply('{"execute":"guest-shutdown","arguments":{"mode":"halt"},"id":1}')),
  sandboxed('guest-set-user-password (stand-in chpasswd)', async (s) => {
    await s.req('{"execute":"guest-set-user-password","arguments":{"username":"qgatestuser","password":"c2VjcmV0","crypted":false}}');
    s.noteCalls();
    await s.req('{"execute":"guest-set-user-password","arguments":{"username":"qgatestuser","password":"JDYkc2FsdCRoYXNo","crypted":true}}');
    s.noteCalls();
    await s.req('{"execute":"guest-set-user-password","arguments":{"username":"bad:name","password":"c2VjcmV0","crypted":false}}');
    s.noteCalls();
  }),
  sandboxed('guest-set-time without a time syncs from the RTC (stand-in hwclock)', async (s) => {
    await s.req('{"execute":"guest-set-time"}');
    s.noteCalls();
  }),
];

describe('conformance: system actions with stand-in tools', () => {
  for (const c of cases) it(c.name, () => conform(c), 120_000);
});
