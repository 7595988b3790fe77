/**
 * A private dbus-daemon on a UNIX socket in a temp dir, for tests that need a
 * real bus without touching the machine's system bus. Its own config: no
 * service activation, everything allowed for the (single) test user.
 *
 *   const bus = await startPrivateBus();   // bus.address: "unix:path=/tmp/.../bus"
 *   ...
 *   await bus.stop();
 *
 * Fails (never skips) when dbus-daemon is missing, naming the apt-get command.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const DBUS_DAEMON = '/usr/bin/dbus-daemon';
export const INSTALL_DBUS = 'apt-get install -y --no-install-recommends dbus';

export interface PrivateBus {
  readonly address: string;
  readonly socketPath: string;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

function config(socketPath: string): string {
  return `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=${socketPath}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
  </policy>
</busconfig>
`;
}

export async function startPrivateBus(): Promise<PrivateBus> {
  if (!existsSync(DBUS_DAEMON)) {
    throw new Error(`${DBUS_DAEMON} is missing; install it as root: ${INSTALL_DBUS}`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'ga-dbus-'));
  const socketPath = join(dir, 'bus');
  const confPath = join(dir, 'bus.conf');
  writeFileSync(confPath, config(socketPath));
  const child = spawn(DBUS_DAEMON, [`--config-file=${confPath}`, '--nofork', '--nopidfile', '--print-address=1'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const address = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve(out.slice(0, nl).trim());
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`dbus-daemon exited (${code}) before printing its address: ${stderr}`)));
  });
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  return {
    address,
    socketPath,
    process: child,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
