/**
 * One oVirt guest agent session (ovirt-guest-agent.md §2–§4): reports on
 * the reference's timers, API version negotiation (0 in the first
 * heartbeat, 3 after; adopt only from `api-version`; `refresh` without a
 * version drops to 0), command dispatch, logind session events. Transport
 * free: lines in through onLine/onMessage, lines out through `send`.
 *
 * Differences from the reference, on purpose (§6.3): bad input never
 * throws; `completion` is always sent (API 3) after a lifecycle-event with a
 * reply_id, even when the hook directory is missing; the startup burst is
 * skipped when the host's connect-time refresh arrives first (no duplicate
 * bursts); nothing is sent, and no timer runs, while the host is
 * disconnected (VDSM refreshes on reconnect); bursts never interleave.
 */
import { NAME_KEY } from '@ga/framing/newline-json';
import type { OvirtMessage, PyJsonValue } from '@ga/framing/newline-json';
import type { SessionEvent, Sessions } from '@ga/guest-os/sessions/types';
import type { OvirtActions } from './actions.js';
import { dispatchCommand } from './commands/dispatch.js';
import type { OvirtConfig } from './config.js';
import type { OvirtFacts } from './facts.js';
import type { Log as AgentLog } from '@ga/log/log';
import { clampApiVersion, MAX_API_VERSION, minApiVersion } from './protocol/api-version.js';
import { encodeWithinBudget } from './protocol/outbound.js';
import { activeUser, isUserSession } from './reports/active-user.js';
import { applications } from './reports/applications.js';
import { APPLICATION_BURST, REFRESH_BURST, STARTUP_BURST, type ReportName } from './reports/bursts.js';
import { containerList } from './reports/containers.js';
import { diskMapping, disksUsage } from './reports/disks.js';
import { fqdnFields, hostNameFields, osInfoFields, osVersionFields, timezoneFields } from './reports/identity.js';
import { freeRam, memoryStat, type VmSample } from './reports/memory.js';
import { networkInterfaces } from './reports/network.js';
import { realTimers, type Timers } from './timers.js';

export interface OvirtAgentDeps {
  send(line: string): Promise<void>;
  facts: OvirtFacts;
  actions: OvirtActions;
  sessions: Sessions;
  config: OvirtConfig;
  log: AgentLog;
  timers?: Timers;
  /** How long after connecting the startup burst waits for the host's refresh. Default 250 ms. */
  startupDelayMs?: number;
}

export interface OvirtAgent {
  /** One received line (JSON text, without its newline). */
  onLine(line: string): void;
  /** One decoded message (from @ga/framing's NewlineJsonDecoder). */
  onMessage(message: OvirtMessage): void;
  onConnect(): void;
  onDisconnect(): void;
  /** Send session-shutdown (if connected), stop timers and session watching. */
  stop(): Promise<void>;
  /** Resolves when every queued report and command has finished (tests, bench). */
  idle(): Promise<void>;
  readonly apiVersion: number;
}

/** What command handlers may use. */
export interface AgentContext {
  readonly deps: OvirtAgentDeps;
  readonly apiVersion: number;
  setApiVersion(v: number): boolean;
  emit(name: string, fields?: Record<string, PyJsonValue | undefined>, listKey?: string): Promise<void>;
  burst(names: readonly ReportName[]): Promise<void>;
  refreshRequested(): void;
  track(p: Promise<unknown>): void;
}

export function createOvirtAgent(deps: OvirtAgentDeps): OvirtAgent {
  const { facts, log, config, sessions } = deps;
  const timers = deps.timers ?? realTimers;
  let api = 0;
  let connected = false;
  let stopped = false;
  let firstHeartbeat = true;
  let lastUser: string | undefined;
  let lastVm: VmSample | undefined;
  let startupTimer: unknown;
  let refreshSeen = false;
  /** Host session number: work queued for one session never reaches the next. */
  let generation = 0;
  const intervals: unknown[] = [];
  const pending = new Set<Promise<unknown>>();
  let burstChain: Promise<void> = Promise.resolve();
  const userSessions = new Set<string>();

  const track = (p: Promise<unknown>): void => {
    const q = p.catch((err: unknown) => log.warn(`unexpected failure: ${(err as Error).message}`)).finally(() => pending.delete(q));
    pending.add(q);
  };

  const emitIn = async (gen: number, name: string, fields: Record<string, PyJsonValue | undefined> = {}, listKey?: string): Promise<void> => {
    if (!connected || gen !== generation || minApiVersion(name) > api) return;
    let encoded;
    try {
      encoded = encodeWithinBudget(name, fields, listKey);
    } catch (err) {
      log.error(`cannot send "${name}": ${(err as Error).message}`);
      return;
    }
    if (encoded.trimmed > 0) log.warn(`"${name}": ${encoded.trimmed} ${listKey} entries left out to stay below VDSM's 1 MiB line limit`);
    try {
      await deps.send(encoded.line.toString('latin1'));
    } catch (err) {
      log.warn(`"${name}" not delivered: ${(err as Error).message}`);
    }
  };

  const reportUser = async (force: boolean, gen = generation): Promise<void> => {
    const name = await activeUser(sessions);
    if (!force && name === lastUser) return;
    if (!connected || gen !== generation) return;
    lastUser = name;
    await emitIn(gen, 'active-user', { name });
  };

  /** Facts shared by the reports of one burst, read once. */
  const burstFacts = () => {
    let fqdn: Promise<string> | undefined;
    let os: ReturnType<OvirtFacts['osInfo']> | undefined;
    return { fqdn: () => (fqdn ??= facts.fqdn()), os: () => (os ??= facts.osInfo()) };
  };

  const sendReport = async (name: ReportName, f: ReturnType<typeof burstFacts>, forceUser: boolean, gen: number): Promise<void> => {
    // Skip the work for a report that would be dropped anyway.
    if (minApiVersion(name) > api || !connected || gen !== generation) return;
    const emit = (n: string, fields?: Record<string, PyJsonValue | undefined>, listKey?: string) => emitIn(gen, n, fields, listKey);
    switch (name) {
      case 'session-startup':
        return emit(name);
      case 'host-name':
        return emit(name, hostNameFields(await f.fqdn()));
      case 'fqdn':
        return emit(name, fqdnFields(await f.fqdn()));
      case 'os-version':
        return emit(name, osVersionFields(await f.os()));
      case 'os-info':
        return emit(name, osInfoFields(await f.os()));
      case 'timezone':
        return emit(name, timezoneFields(await facts.zone()));
      case 'network-interfaces':
        return emit(name, { interfaces: networkInterfaces(await facts.interfaces(), config.general.ignoredNics) as unknown as PyJsonValue }, 'interfaces');
      case 'active-user':
        return reportUser(forceUser, gen);
      case 'applications':
        return emit(name, { applications: applications(await facts.packages(), config.general.applicationsList) }, 'applications');
      case 'containers':
        return emit(name, { list: containerList(await facts.containers()) }, 'list');
      case 'disks-usage': {
        const disks = await disksUsage(await facts.mounts(), (p) => facts.fsUsage(p), config.general);
        const mapping = diskMapping(await facts.diskSerials());
        return emit(name, { disks: disks as unknown as PyJsonValue, mapping }, 'disks');
      }
      case 'number-of-cpus':
        return emit(name, { count: await facts.onlineCpus() });
    }
  };

  const burst = (names: readonly ReportName[], forceUser = true, gen = generation): Promise<void> => {
    const run = async (): Promise<void> => {
      const f = burstFacts();
      for (const n of names) {
        if (gen !== generation) return;
        try {
          await sendReport(n, f, forceUser, gen);
        } catch (err) {
          log.warn(`report "${n}" failed: ${(err as Error).message}`);
        }
      }
    };
    const p = burstChain.then(run);
    burstChain = p.catch(() => undefined);
    track(p);
    return p;
  };

  const heartbeat = async (): Promise<void> => {
    const [mem, vm] = await Promise.all([facts.meminfo(), facts.vmstat()]);
    const sample = { at: timers.now(), vm };
    const stat = memoryStat(mem, sample, lastVm);
    lastVm = sample;
    const version = firstHeartbeat ? 0 : MAX_API_VERSION;
    firstHeartbeat = false;
    await emitIn(generation, 'heartbeat', { 'free-ram': freeRam(mem), apiVersion: version, 'memory-stat': stat as unknown as PyJsonValue });
  };

  const startTimers = (): void => {
    const every = (seconds: number, job: () => Promise<void>, what: string): void => {
      intervals.push(
        timers.setInterval(() => {
          if (connected) track(job().catch((err: unknown) => log.warn(`${what} failed: ${(err as Error).message}`)));
        }, seconds * 1000),
      );
    };
    const g = config.general;
    every(g.heartBeatRate, heartbeat, 'heartbeat');
    every(g.reportUserRate, () => reportUser(false), 'active-user');
    every(g.reportNumCpuRate, () => burst(['number-of-cpus']), 'number-of-cpus');
    every(g.reportApplicationRate, () => burst(APPLICATION_BURST, false), 'application reports');
    every(g.reportDiskUsage, () => burst(['disks-usage']), 'disks-usage');
  };
  const stopTimers = (): void => {
    for (const h of intervals.splice(0)) timers.clearInterval(h);
    if (startupTimer !== undefined) timers.clearTimeout(startupTimer);
    startupTimer = undefined;
  };

  const onSessionEvent = (e: SessionEvent): void => {
    if (!connected || stopped) return;
    const gen = generation;
    const emit = (n: string) => emitIn(gen, n);
    const job = async (): Promise<void> => {
      if (e.kind === 'new') {
        if (!isUserSession(e.session)) return;
        userSessions.add(e.session.id);
        await reportUser(false, gen);
        await emit('session-logon');
      } else if (e.kind === 'removed') {
        if (!userSessions.delete(e.id)) return;
        await emit('session-logoff');
        await reportUser(false, gen);
      } else if (e.what === 'locked') {
        if (isUserSession(e.session)) await emit(e.session.locked ? 'session-lock' : 'session-unlock');
      } else {
        await reportUser(false, gen);
      }
    };
    const p = burstChain.then(job);
    burstChain = p.catch(() => undefined);
    track(p);
  };
  const unwatch = sessions.watch(onSessionEvent);
  track(
    sessions.list().then(
      (list) => list.filter(isUserSession).forEach((s) => userSessions.add(s.id)),
      () => undefined,
    ),
  );

  const contextFor = (gen: number): AgentContext => ({
    deps,
    get apiVersion() {
      return api;
    },
    setApiVersion(v) {
      const next = clampApiVersion(v);
      if (next === api) return false;
      log.info(`API version ${api} -> ${next}`);
      api = next;
      return true;
    },
    emit: (name, fields, listKey) => emitIn(gen, name, fields, listKey),
    burst: (names) => burst(names, true, gen),
    refreshRequested() {
      refreshSeen = true;
    },
    track,
  });

  const onMessage = (message: OvirtMessage): void => {
    if (stopped) return;
    try {
      dispatchCommand(contextFor(generation), message);
    } catch (err) {
      log.warn(`command "${message[NAME_KEY]}" failed: ${(err as Error).message}`);
    }
  };

  return {
    get apiVersion() {
      return api;
    },
    onLine(line) {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        log.warn(`ignored a line that is not JSON (${line.length} characters)`);
        return;
      }
      if (value === null || typeof value !== 'object' || Array.isArray(value) || typeof (value as Record<string, unknown>)[NAME_KEY] !== 'string') {
        log.warn('ignored a line that is not an object with a "__name__"');
        return;
      }
      onMessage(value as OvirtMessage);
    },
    onMessage,
    onConnect() {
      if (stopped) return;
      stopTimers();
      connected = true;
      generation++;
      firstHeartbeat = true;
      // A new host knows nothing: the next active-user check reports.
      lastUser = undefined;
      lastVm = undefined;
      refreshSeen = false;
      startTimers();
      startupTimer = timers.setTimeout(() => {
        startupTimer = undefined;
        if (!refreshSeen && connected) void burst(STARTUP_BURST);
      }, deps.startupDelayMs ?? 250);
    },
    onDisconnect() {
      connected = false;
      generation++;
      stopTimers();
    },
    async stop() {
      if (stopped) return;
      if (connected) {
        const gen = generation;
        await burstChain.then(() => emitIn(gen, 'session-shutdown'));
      }
      stopped = true;
      stopTimers();
      unwatch();
      await this.idle();
      connected = false;
    },
    async idle() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}
