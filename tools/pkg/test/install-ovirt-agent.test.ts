import { join } from 'node:path';
import { firstAnswer } from './agent-talk.js';
import { describeInstall } from './install-check.js';

// The oVirt agent in unix-listen mode: VDSM's first "refresh" is answered with __name__ messages.
describeInstall('ovirt-agent', async (launcher, work) => {
  const socket = join(work, 'ovirt.sock');
  const { got, ms } = await firstAnswer(launcher, ['--method', 'unix-listen', '--path', socket], socket, {
    send: '{"__name__": "refresh", "apiVersion": 3}\n',
    done: (b) => b.includes(0x0a),
  });
  const reply = got.toString('utf8').split('\n')[0]!;
  let ok = false;
  try {
    ok = typeof (JSON.parse(reply) as { __name__?: unknown }).__name__ === 'string';
  } catch {
    ok = false;
  }
  return { reply, ok, ms };
});
