/**
 * The echo agent: every VDAgent message from the host goes back on the port
 * it came from, re-encoded and sliced into chunks of at most 2048 bytes. A
 * stand-in until the real daemon lands; it proves chunk framing, the table
 * codec and the transport end to end without a VM.
 */
import { VD_AGENT_CAP, capsWords } from '@ga/framing/spice-messages';
import type { CapName } from '@ga/framing/spice-messages';
import { SpiceStreamDecoder, encodeSpiceMessage } from '@ga/framing/spice-stream';
import type { Channel } from '@ga/transport';
import type { Log } from '@ga/log/journal-logger';

/**
 * The echo claims every capability for framing purposes, as the Linux daemon
 * supports selection blocks and grab serials itself and gates them only on
 * the peer's announce (spice-vdagent.md §2.3).
 */
const OUR_CAPS = capsWords(Object.keys(VD_AGENT_CAP) as CapName[]);

export function attachEcho(channel: Channel, log: Log): () => void {
  const decoder = new SpiceStreamDecoder({ ourCaps: OUR_CAPS });
  const onData = (chunk: Buffer): void => {
    for (const ev of decoder.push(chunk)) {
      if (ev.kind === 'reset') {
        // The reference closes and re-opens the port here; the decoder has already
        // dropped everything it held, so the next read starts at a chunk boundary.
        log.warn(`port stream reset: ${ev.reason}`);
        continue;
      }
      if (ev.kind === 'invalid') {
        log.warn(`dropped a message on port ${ev.port}: ${ev.error}`);
        continue;
      }
      const { message, port } = ev;
      // Re-encode with the framing the message was decoded with (the decoder has
      // already renegotiated for the *next* message after a caps announce).
      log.debug(`echo ${message.name} on port ${port}`);
      const out = encodeSpiceMessage(port, message, ev.context);
      channel.write(out).catch((err: Error) => log.warn(`echo of ${message.name} not delivered: ${err.message}`));
    }
  };
  // A new host session: partial chunks and negotiated framing belong to the old one.
  const onConnect = (): void => {
    decoder.reset();
    log.info('host connected');
  };
  const onHangup = (): void => log.info('host disconnected');
  channel.on('data', onData).on('connect', onConnect).on('hangup', onHangup);
  return () => {
    channel.off('data', onData).off('connect', onConnect).off('hangup', onHangup);
  };
}
