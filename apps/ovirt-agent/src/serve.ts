/**
 * One oVirt agent on one channel, on the shared channel life cycle: the
 * binary (main.ts) and the in-process e2e harness both start it here.
 */
import type { Log } from '@ga/log/log';
import type { ChannelSpec } from '@ga/transport';
import { createChannelLife } from '@ga/transport/channel-life';
import type { ChannelLife } from '@ga/transport/channel-life';
import type { OvirtAgent } from './agent.js';
import { agentChannelEvents } from './channel-glue.js';

export interface Serving {
  readonly agent: OvirtAgent;
  readonly life: ChannelLife;
  /** Stop the agent (session-shutdown is sent while the channel is still open), then close the channel. */
  stop(): Promise<void>;
}

export async function serveOvirt(o: {
  spec: ChannelSpec;
  /** Reopen the channel every 5 s after a failure (the agent's normal mode: it is a daemon). */
  retry: boolean;
  log: Log;
  makeAgent: (send: (line: string) => Promise<void>) => OvirtAgent;
  onFatal?: (err: Error) => void;
}): Promise<Serving> {
  let life: ChannelLife | undefined;
  // One whole line per write, in order (the channel serialises writes).
  const agent = o.makeAgent((line) => (life ? life.write(Buffer.from(line, 'latin1')) : Promise.reject(new Error('channel not open'))));
  const opened = createChannelLife({ spec: o.spec, retry: o.retry, log: o.log, ...agentChannelEvents(() => agent, o.log), onFatal: o.onFatal ?? (() => undefined) });
  life = opened;
  await opened.start();
  return {
    agent,
    life: opened,
    async stop() {
      await agent.stop();
      await opened.close();
    },
  };
}
