/**
 * Test doubles for the agent: fixed facts (the conformance vectors'
 * values), an executor that records every action, timers stepped by hand,
 * and a log that keeps its lines. Used by unit, conformance and e2e tests.
 */
import type { OvirtMessage } from '@ga/framing/newline-json';
import { fakeSessions, loginSession, type FakeSessions } from '@ga/guest-os/testing/fake-sessions';
import type { OvirtActions } from '../actions.js';
import { createOvirtAgent, type OvirtAgent, type OvirtAgentDeps } from '../agent.js';
import { DEFAULT_CONFIG, type OvirtConfig } from '../config.js';
import type { OvirtFacts } from '../facts.js';
import type { Log as AgentLog } from '@ga/log/log';
import type { Timers } from '../timers.js';

export { fakeSessions, loginSession };

export const FQDN = 'vm1.example.com';
export const KERNEL = '4.18.0-348.el8.x86_64';

export function fixedFacts(over: Partial<OvirtFacts> = {}): OvirtFacts & { vm: { pgfault: number; pgmajfault: number } } {
  const vm = { pgfault: 1000, pgmajfault: 10 };
  return {
    vm,
    fqdn: async () => FQDN,
    osInfo: async () => ({ kernelRelease: KERNEL, kernelVersion: '#1 SMP', machine: 'x86_64', name: 'CentOS Linux', versionId: '8.5', version: '8.5', id: 'centos' }),
    zone: async () => ({ zone: 'Etc/UTC', standardOffset: 0 }),
    interfaces: async () => [
      { name: 'lo', hardwareAddress: '00:00:00:00:00:00', addresses: [{ address: '127.0.0.1', family: 'ipv4', prefix: 8 }, { address: '::1', family: 'ipv6', prefix: 128 }] },
      { name: 'eth0', hardwareAddress: '52:54:00:12:34:56', addresses: [{ address: '192.0.2.10', family: 'ipv4', prefix: 24 }, { address: 'fe80::5054:ff:fe12:3456', family: 'ipv6', prefix: 64 }] },
      { name: 'docker0', hardwareAddress: '02:42:ac:11:00:01', addresses: [{ address: '172.17.0.1', family: 'ipv4', prefix: 16 }] },
    ],
    packages: async () => [
      { name: 'kernel', version: '4.18.0', release: '348.el8', provides: ['kernel'], source: 'rpm' },
      { name: 'cloud-init', version: '21.1', release: '7.el8', provides: [], source: 'rpm' },
      { name: 'bash', version: '4.4.20', release: '2.el8', provides: [], source: 'rpm' },
    ],
    mounts: async () => [
      { dirname: '/', devtype: 'ext4', source: '/dev/vda1' },
      { dirname: '/run', devtype: 'tmpfs', source: 'tmpfs' },
    ],
    fsUsage: async () => ({ usedBytes: 24358555648n, totalBytes: 260000000000n, totalBytesPrivileged: 270553174016n }),
    diskSerials: async () => [{ serial: 'abc-123', devnode: '/dev/vda' }],
    meminfo: async () => ({ memTotal: 24683620, memFree: 23650704, buffers: 5272, cached: 590212, swapTotal: 0, swapFree: 0 }),
    vmstat: async () => ({ pswpin: 0, pswpout: 0, pgfault: vm.pgfault, pgmajfault: vm.pgmajfault }),
    onlineCpus: async () => 2,
    containers: async () => [],
    ...over,
  };
}

export type ActionCall = { action: keyof OvirtActions; args: unknown[] };

export function recordingActions(over: Partial<OvirtActions> = {}): OvirtActions & { calls: ActionCall[] } {
  const calls: ActionCall[] = [];
  const rec = <K extends keyof OvirtActions>(action: K, impl: (...a: never[]) => Promise<unknown>) =>
    (async (...args: unknown[]) => {
      calls.push({ action, args });
      return impl(...(args as never[]));
    }) as unknown as OvirtActions[K];
  const ok = async (): Promise<void> => undefined;
  return {
    calls,
    shutdown: rec('shutdown', over.shutdown ?? ok),
    hibernate: rec('hibernate', over.hibernate ?? ok),
    lockScreen: rec('lockScreen', over.lockScreen ?? ok),
    logOff: rec('logOff', over.logOff ?? ok),
    setCpuCount: rec('setCpuCount', over.setCpuCount ?? ok),
    runHooks: rec('runHooks', over.runHooks ?? (async () => ({ missing: true, results: [] }))),
    login: rec('login', over.login ?? ok),
  };
}

/** Timers that only fire when the test advances the clock. */
export function manualTimers(): Timers & { advance(ms: number): void; readonly pending: number } {
  let now = 0;
  let seq = 0;
  const jobs = new Map<number, { at: number; every?: number; fn: () => void }>();
  return {
    setInterval(fn, ms) {
      jobs.set(++seq, { at: now + ms, every: ms, fn });
      return seq;
    },
    setTimeout(fn, ms) {
      jobs.set(++seq, { at: now + ms, fn });
      return seq;
    },
    clearInterval: (h) => void jobs.delete(h as number),
    clearTimeout: (h) => void jobs.delete(h as number),
    now: () => now,
    get pending() {
      return jobs.size;
    },
    advance(ms) {
      const end = now + ms;
      for (;;) {
        let next: [number, { at: number; every?: number; fn: () => void }] | undefined;
        for (const e of jobs) if (e[1].at <= end && (!next || e[1].at < next[1].at || (e[1].at === next[1].at && e[0] < next[0]))) next = e;
        if (!next) break;
        const [id, job] = next;
        now = job.at;
        if (job.every !== undefined) job.at += job.every;
        else jobs.delete(id);
        job.fn();
      }
      now = end;
    },
  };
}

export function memoryLog(): AgentLog & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    debug: (m) => lines.push(`debug: ${m}`),
    info: (m) => lines.push(`info: ${m}`),
    warn: (m) => lines.push(`warn: ${m}`),
    error: (m) => lines.push(`error: ${m}`),
  };
}

export interface Harness {
  agent: OvirtAgent;
  /** Every line sent, parsed. */
  out: OvirtMessage[];
  raw: string[];
  /** Take (and forget) what was sent so far, once all work settled. */
  take(): Promise<OvirtMessage[]>;
  timers: ReturnType<typeof manualTimers>;
  actions: ReturnType<typeof recordingActions>;
  sessions: FakeSessions;
  log: ReturnType<typeof memoryLog>;
  facts: ReturnType<typeof fixedFacts>;
  /** Send a command as VDSM does and let the agent finish. */
  command(msg: OvirtMessage): Promise<OvirtMessage[]>;
}

export function harness(o: { config?: OvirtConfig; facts?: Partial<OvirtFacts>; actions?: Partial<OvirtActions>; sessions?: FakeSessions; connect?: boolean } = {}): Harness {
  const out: OvirtMessage[] = [];
  const raw: string[] = [];
  const timers = manualTimers();
  const actions = recordingActions(o.actions);
  const sessions = o.sessions ?? fakeSessions();
  const log = memoryLog();
  const facts = fixedFacts(o.facts);
  const deps: OvirtAgentDeps = {
    send: async (line) => {
      raw.push(line);
      out.push(JSON.parse(line) as OvirtMessage);
    },
    facts,
    actions,
    sessions,
    config: o.config ?? DEFAULT_CONFIG,
    log,
    timers,
  };
  const agent = createOvirtAgent(deps);
  if (o.connect ?? true) agent.onConnect();
  const take = async (): Promise<OvirtMessage[]> => {
    await agent.idle();
    return out.splice(0);
  };
  return {
    agent,
    out,
    raw,
    take,
    timers,
    actions,
    sessions,
    log,
    facts,
    async command(msg) {
      agent.onMessage(msg);
      return take();
    },
  };
}

/** Settle the microtask queue a few rounds (fake-session listeners run synchronously, their jobs async). */
export const flush = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};
