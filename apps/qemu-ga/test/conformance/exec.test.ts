// qemu-ga.md §8 cases 54-62: guest-exec and guest-exec-status.
import { describe, it } from '@jest/globals';
import type { Session } from './session.js';
import { conform, type ConformanceCase } from './conform.js';

/** Starts a process, records the reply with the pid masked, waits for exit. */
async function execToExit(s: Session, args: Record<string, unknown>): Promise<number> {
  const line = await s.req(JSON.stringify({ execute: 'guest-exec', arguments: args }));
  const pid = s.parse(line).return?.pid as number;
  s.alias(`"pid": ${pid}`, '"pid": <PID>');
  await s.execWait(pid);
  return pid;
}

const cases: ConformanceCase[] = [
  {
    name: '§8.54 echo with capture, then status of a reaped pid',
    run: async (s) => {
      const pid = await execToExit(s, { path: '/bin/echo', arg: ['hello', 'world'], 'capture-output': true });
      const again = await s.cmd('guest-exec-status', { pid }, false);
      s.note(again.split(String(pid)).join('<PID>'));
    },
  },
  { name: '§8.55 exit code, stdout and stderr', run: async (s) => void (await execToExit(s, { path: '/bin/sh', arg: ['-c', 'echo out; echo err >&2; exit 3'], 'capture-output': true })) },
  { name: '§8.56 killed by a signal', run: async (s) => void (await execToExit(s, { path: '/bin/sh', arg: ['-c', 'kill -9 $$'], 'capture-output': true })) },
  { name: '§8.57 input-data', run: async (s) => void (await execToExit(s, { path: '/bin/cat', 'input-data': 'c3RkaW4gZGF0YQo=', 'capture-output': true })) },
  { name: '§8.58 env replaces the environment', run: async (s) => void (await execToExit(s, { path: '/usr/bin/env', env: ['FOO=bar', 'X=1'], 'capture-output': true })) },
  { name: '§8.59 no capture', run: async (s) => void (await execToExit(s, { path: '/bin/true' })) },
  {
    name: '§8.60 missing binary',
    // Exec-format errors happen in the child, so /etc/hostname gets a pid.
    mask: (t) => t.replace(/"pid": \d+/g, '"pid": <PID>'),
    run: async (s) => {
      await s.req('{"execute":"guest-exec","arguments":{"path":"/nonexistent/binary"}}');
      await s.req('{"execute":"guest-exec","arguments":{"path":"/etc/hostname"}}');
      await s.req('{"execute":"guest-exec","arguments":{"path":"relative-binary-qga"}}');
    },
  },
  { name: '§8.61 20 MB of stdout is truncated at 16 MiB', run: async (s) => void (await execToExit(s, { path: '/bin/sh', arg: ['-c', 'head -c 20000000 /dev/zero'], 'capture-output': true })) },
  {
    name: '§8.62 status of an unknown pid',
    run: async (s) => {
      await s.req('{"execute":"guest-exec-status","arguments":{"pid":99999}}');
      await s.req('{"execute":"guest-exec-status","arguments":{"pid":-1}}');
    },
  },
  { name: 'exec: PATH lookup and bad base64 input', run: async (s) => {
    await execToExit(s, { path: 'true' });
    await s.req('{"execute":"guest-exec","arguments":{"path":"/bin/cat","input-data":"!!"}}');
  } },
  { name: 'exec: capture-output modes (newer enum values)', run: async (s) => {
    await s.req('{"execute":"guest-exec","arguments":{"path":"/bin/true","capture-output":"separated"}}');
    await s.req('{"execute":"guest-exec","arguments":{"path":"/bin/true","capture-output":1}}');
  } },
];

describe('conformance: exec (qemu-ga.md §8.54-62)', () => {
  for (const c of cases) it(c.name, () => conform(c), 120_000);
});
