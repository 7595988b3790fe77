/** The --vdsm mode of the ovirt-sim CLI. */
import { VdsmHost } from './vdsm-host.js';

export const VDSM_OPTIONS = {
  vdsm: { type: 'boolean', default: false, describe: 'play VDSM: refresh, negotiate, parse like guestagent.py, print the guest info' },
  wait: { type: 'number', default: 20, describe: '--vdsm: seconds to wait for the guest to be Up at API 3 with every field' },
  lock: { type: 'boolean', default: false, describe: '--vdsm: desktopLock (lock-screen)' },
  logoff: { type: 'boolean', default: false, describe: '--vdsm: desktopLogoff (log-off)' },
  login: { type: 'string', describe: '--vdsm: desktopLogin, USER[@DOMAIN]:PASSWORD (SSO)' },
  shutdown: { type: 'string', describe: '--vdsm: desktopShutdown, TIMEOUT[:MESSAGE[:reboot]]' },
  'set-cpus': { type: 'number', describe: '--vdsm: setNumberOfCPUs N' },
  'hc-command': { type: 'string', array: true, default: [] as string[], describe: '--vdsm: sendHcCmdToDesktop NAME (bare command, e.g. hibernate, echo), repeatable' },
  lifecycle: { type: 'string', array: true, default: [] as string[], describe: '--vdsm: a guest lifecycle event (before_migration, after_migration, before_hibernation, after_hibernation), repeatable' },
  settle: { type: 'number', default: 0.5, describe: '--vdsm: seconds to keep reading after the commands' },
} as const;

export interface VdsmCliArgs {
  wait: number;
  lock: boolean;
  logoff: boolean;
  login?: string;
  shutdown?: string;
  'set-cpus'?: number;
  'hc-command': string[];
  lifecycle: string[];
  settle: number;
}

export async function runVdsm(socket: string, a: VdsmCliArgs): Promise<number> {
  const host = await VdsmHost.connect(socket);
  console.log('-> {"apiVersion": 3, "__name__": "refresh"}');
  let up = true;
  try {
    await host.waitFor(() => host.fullyUp(), a.wait * 1000, 'guest Up at API 3 with every field');
  } catch (err) {
    up = false;
    console.log(`!! ${(err as Error).message}`);
  }
  const run = async (what: string, job: () => Promise<unknown>): Promise<void> => {
    try {
      const r = await job();
      console.log(`-> ${what}${r === undefined ? '' : ` ${JSON.stringify(r)}`}`);
    } catch (err) {
      console.log(`!! ${what}: ${(err as Error).message}`);
    }
  };
  if (a.lock) await run('lock-screen', () => host.desktopLock());
  if (a.logoff) await run('log-off', () => host.desktopLogoff());
  if (a.login !== undefined) {
    const colon = a.login.indexOf(':');
    const who = colon < 0 ? a.login : a.login.slice(0, colon);
    const [user, domain = ''] = who.split('@');
    await run(`login ${who}`, () => host.desktopLogin(domain, user!, colon < 0 ? '' : a.login!.slice(colon + 1)));
  }
  if (a.shutdown !== undefined) {
    const [t, message = 'System is going down', r] = a.shutdown.split(':');
    await run('shutdown', () => host.desktopShutdown(Number(t ?? 0), message, r === 'reboot'));
  }
  if (a['set-cpus'] !== undefined) await run('set-number-of-cpus', () => host.setNumberOfCPUs(a['set-cpus']!));
  for (const c of a['hc-command']) await run(c, () => host.sendHcCmdToDesktop(c));
  for (const e of a.lifecycle) await run(`lifecycle-event ${e}`, () => host.lifecycleEvent(e));
  await new Promise((r) => setTimeout(r, a.settle * 1000));
  const report = {
    guestStatus: host.model.guestStatus ?? null,
    effectiveApiVersion: host.model.effectiveApiVersion,
    responsive: host.model.isResponsive(),
    guestInfo: host.model.getGuestInfo(),
    guestDiskMapping: host.model.guestDiskMapping,
    vdsmLog: host.model.log.filter((l) => l.level !== 'debug').map((l) => `${l.level}: ${l.text}`),
  };
  console.log(JSON.stringify(report, null, 2));
  await host.close();
  return up ? 0 : 1;
}
