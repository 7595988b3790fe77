/**
 * The agent on the shared channel life cycle (@ga/transport/channel-life)
 * through the shared oVirt line codec (@ga/framing/newline-json: 1 MiB line
 * limit, U+FFFD for bad UTF-8, malformed lines reported and dropped).
 */
import { NewlineJsonDecoder } from '@ga/framing/newline-json';
import type { Log } from '@ga/log/log';
import type { Channel } from '@ga/transport';
import type { ChannelLifeOptions } from '@ga/transport/channel-life';
import type { OvirtAgent } from './agent.js';

export type ChannelEvents = Pick<ChannelLifeOptions, 'onOpen' | 'onData' | 'onConnect' | 'onHangup'>;

/** The channel callbacks that feed `agent`. */
export function agentChannelEvents(agent: () => OvirtAgent, log: Log): ChannelEvents {
  const decoder = new NewlineJsonDecoder();
  // A virtio port's host side outlives an agent restart and VDSM only sends
  // `refresh` when it (re)connects: a port is assumed connected from the
  // start, like the reference. Socket channels say when a host arrives.
  let live = false;
  let sessionAware = true;
  return {
    onOpen: (channel: Channel) => {
      decoder.reset();
      sessionAware = channel.sessionAware;
      if (!sessionAware && !live) {
        live = true;
        agent().onConnect();
      }
    },
    onData: (chunk: Buffer) => {
      for (const ev of decoder.push(chunk)) {
        if (ev.kind === 'dropped') {
          log.warn(`dropped a ${ev.bytes}-byte line (${ev.reason})${ev.line ? `: ${JSON.stringify(ev.line.slice(0, 80))}` : ''}`);
          continue;
        }
        agent().onMessage(ev.message);
      }
    },
    onConnect: () => {
      decoder.reset();
      if (live && !sessionAware) return;
      live = true;
      log.info('host connected');
      agent().onConnect();
    },
    onHangup: () => {
      live = false;
      log.info('host disconnected');
      agent().onDisconnect();
    },
  };
}
