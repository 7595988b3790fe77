/**
 * End-to-end check of an agent's daemon mode (the shared process shell):
 * the starting process exits 0 only once the detached child serves, the
 * child holds a locked pidfile, a second instance on the same pidfile is
 * refused, and SIGTERM removes the pidfile.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

export interface DaemonCheck {
  /** Pid of the detached child. */
  pid: number;
  /** stderr of the refused second instance. */
  secondStderr: string;
  secondStatus: number | null;
}

/** Running, not a zombie (a detached child whose reaper is slow still has its /proc entry). */
const alive = (pid: number): boolean => {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
};

async function until(what: string, test: () => boolean, ms = 10_000): Promise<void> {
  for (const end = Date.now() + ms; !test(); ) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Run `node bundle ...args` (args make it daemonise and name `pidfile`), check the above, stop the child. */
export async function checkDaemonStart(bundle: string, args: string[], pidfile: string, env: NodeJS.ProcessEnv = {}): Promise<DaemonCheck> {
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: build it first (npm run build in its package)`);
  const first = spawnSync(process.execPath, [bundle, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 30_000 });
  if (first.status !== 0) throw new Error(`the daemon start exited ${first.status}: ${first.stderr}`);
  const pid = Number(readFileSync(pidfile, 'utf8'));
  if (!alive(pid)) throw new Error(`pid ${pid} from ${pidfile} is not running`);
  const second = spawnSync(process.execPath, [bundle, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 30_000 });
  process.kill(pid, 'SIGTERM');
  await until(`pid ${pid} to exit`, () => !alive(pid));
  await until(`${pidfile} to be removed`, () => !existsSync(pidfile));
  return { pid, secondStderr: second.stderr, secondStatus: second.status };
}
