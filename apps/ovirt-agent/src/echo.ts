/**
 * The echo agent: every `__name__` message from the host goes back
 * re-encoded the way the reference agent writes (Python json.dumps bytes,
 * XML filter). A stand-in until the real message handlers land; it proves
 * framing and transport end to end without a VM.
 */
import { NewlineJsonDecoder, encodeOvirtMessage } from '@ga/framing/newline-json';
import type { Channel } from '@ga/transport';
import type { Log } from '@ga/log/journal-logger';

/** Wire the echo onto an open channel; returns a function that detaches it. */
export function attachEcho(channel: Channel, log: Log): () => void {
  const decoder = new NewlineJsonDecoder();
  // Writes are serialised by the channel; keep them in order and report failures.
  const onData = (chunk: Buffer): void => {
    for (const ev of decoder.push(chunk)) {
      if (ev.kind === 'dropped') {
        // The reference agent ignores such lines silently; we log them.
        log.warn(`dropped a ${ev.bytes}-byte line (${ev.reason})${ev.line ? `: ${JSON.stringify(ev.line.slice(0, 80))}` : ''}`);
        continue;
      }
      let line: Buffer;
      try {
        line = encodeOvirtMessage(ev.message);
      } catch (err) {
        log.warn(`cannot echo "${ev.message.__name__}": ${(err as Error).message}`);
        continue;
      }
      log.debug(`echo ${ev.message.__name__}`);
      channel.write(line).catch((err: Error) => log.warn(`echo of "${ev.message.__name__}" not delivered: ${err.message}`));
    }
  };
  // A new host session starts a clean byte stream: forget any partial line.
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
