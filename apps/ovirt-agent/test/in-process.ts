/**
 * The agent in this process on a real unix-listen channel (the transport the
 * binary uses), with injected facts/actions/sessions, and the VDSM simulator
 * connected to it: the e2e harness for actions that must not run for real.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseChannelSpec } from '@ga/transport/spec';
import type { Sessions } from '@ga/guest-os/sessions/types';
import { VdsmHost } from '@ga/ovirt-sim/vdsm-host';
import type { OvirtActions } from '../src/actions.js';
import { createOvirtAgent, type OvirtAgent } from '../src/agent.js';
import { serveOvirt } from '../src/serve.js';
import { buildConfig } from '../src/config.js';
import { fixedFacts, memoryLog, recordingActions } from '../src/testing/fixtures.js';
import { fakeSessions } from '../src/testing/fixtures.js';

export interface InProcess {
  agent: OvirtAgent;
  host: VdsmHost;
  socket: string;
  log: ReturnType<typeof memoryLog>;
  connect(): Promise<VdsmHost>;
  stop(): Promise<void>;
}

export async function startInProcess(o: { actions: OvirtActions; sessions?: Sessions; conf?: string }): Promise<InProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'ovirt-inproc-'));
  const socket = join(dir, 'ovirt.sock');
  const log = memoryLog();
  const { config } = buildConfig([['test.conf', `[general]\nheart_beat_rate = 1\n${o.conf ?? ''}`]]);
  const serving = await serveOvirt({
    spec: parseChannelSpec('unix-listen', socket),
    retry: false,
    log,
    makeAgent: (send) => createOvirtAgent({ send, facts: fixedFacts(), actions: o.actions, sessions: o.sessions ?? fakeSessions(), config, log }),
  });
  const { agent } = serving;
  const hosts: VdsmHost[] = [];
  const connect = async () => {
    const h = await VdsmHost.connect(socket);
    hosts.push(h);
    return h;
  };
  const host = await connect();
  return {
    agent,
    host,
    socket,
    log,
    connect,
    async stop() {
      for (const h of hosts) await h.close().catch(() => undefined);
      await serving.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export { recordingActions };
