import { join } from 'node:path';
import { firstAnswer } from './agent-talk.js';
import { describeInstall } from './install-check.js';

// spice-vdagentd in unix-listen mode announces its capabilities as soon as the
// client's port opens: a VDIChunkHeader (8 bytes) then a VDAgentMessage of type 6.
const CHUNK_AND_MESSAGE_HEADER = 8 + 20;
const VD_AGENT_ANNOUNCE_CAPABILITIES = 6;

describeInstall('spice-vdagent', async (launcher, work) => {
  const socket = join(work, 'spice.sock');
  const args = ['-x', '-X', '-f', '-u', join(work, 'uinput'), '-S', join(work, 'vdagent.sock'), '--method', 'unix-listen', '--path', socket];
  const { got, ms } = await firstAnswer(launcher, args, socket, {
    send: '',
    done: (b) => b.length >= CHUNK_AND_MESSAGE_HEADER,
  });
  return { reply: got.subarray(0, CHUNK_AND_MESSAGE_HEADER).toString('hex'), ok: got.readUInt32LE(12) === VD_AGENT_ANNOUNCE_CAPABILITIES, ms };
});
