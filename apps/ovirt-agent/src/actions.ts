/**
 * What the host's commands do to the guest, behind one injectable
 * executor: tests record the calls; the real one acts through guest-os
 * (shutdown(8) argv, the suspend chain, logind over D-Bus, sysfs, hook
 * directories) and the SSO credentials channel.
 */
import { setOnlineCpuCount } from '@ga/guest-os/cpu/set-online';
import { runHookDir, type HookDirResult } from '@ga/guest-os/hooks/run-hook-dir';
import { hibernateGuest, type HibernateState } from '@ga/guest-os/power/hibernate';
import { shutdownWithMessage, type DelayedShutdown } from '@ga/guest-os/power/shutdown-delayed';
import type { Sessions } from '@ga/guest-os/sessions/types';
import { join } from 'node:path';
import type { OvirtConfig } from './config.js';
import { activeUserOf, isUserSession } from './reports/active-user.js';

export type { DelayedShutdown } from '@ga/guest-os/power/shutdown-delayed';
export type { HookDirResult } from '@ga/guest-os/hooks/run-hook-dir';
export type { HibernateState } from '@ga/guest-os/power/hibernate';

export interface OvirtActions {
  shutdown(req: DelayedShutdown): Promise<void>;
  hibernate(state: HibernateState): Promise<void>;
  lockScreen(): Promise<void>;
  logOff(): Promise<void>;
  setCpuCount(count: number): Promise<void>;
  /** Runs hooks.d/<event>/*; `missing` when that directory does not exist. */
  runHooks(event: string): Promise<HookDirResult>;
  /** SSO: hand the credentials to the greeter side. The password must not be logged. */
  login(username: string, password: string): Promise<void>;
}

export interface RealActionDeps {
  config: OvirtConfig;
  sessions: Sessions;
  /** The SSO handler (sso/cred-server.ts). */
  login: (username: string, password: string) => Promise<void>;
}

export function realActions(d: RealActionDeps): OvirtActions {
  return {
    async shutdown(req) {
      const r = await shutdownWithMessage(req);
      if (r.exitCode !== 0) throw new Error(`shutdown exited with ${r.exitCode ?? `signal ${r.signal}`}`);
    },
    hibernate: (state) => hibernateGuest(state),
    // loginctl lock-sessions, as the reference's helper did: every session's locker.
    lockScreen: () => d.sessions.lock(),
    async logOff() {
      const list = await d.sessions.list();
      const user = activeUserOf(list);
      const s = list.filter(isUserSession).find((x) => x.user === user && x.active) ?? list.filter(isUserSession).find((x) => x.user === user);
      if (!s) throw new Error('no user session to log off');
      await d.sessions.terminate(s.id);
    },
    async setCpuCount(count) {
      await setOnlineCpuCount(count);
    },
    runHooks: (event) =>
      runHookDir(join(d.config.hooks.directory, event), { timeoutMs: d.config.hooks.timeout * 1000, budgetMs: d.config.hooks.budget * 1000 }),
    login: (u, p) => d.login(u, p),
  };
}
