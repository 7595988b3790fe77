import { join } from 'node:path';
import { firstAnswer } from './agent-talk.js';
import { describeInstall } from './install-check.js';

// qemu-ga in unix-listen mode: the host's first guest-ping gets {"return": {}}.
describeInstall('qemu-ga', async (launcher, work) => {
  const socket = join(work, 'qga.sock');
  const { got, ms } = await firstAnswer(launcher, ['-m', 'unix-listen', '-p', socket, '-t', work], socket, {
    send: '{"execute":"guest-ping"}\n',
    done: (b) => b.includes(0x0a),
  });
  const reply = got.toString('utf8').trim();
  return { reply, ok: reply === '{"return": {}}', ms };
});
