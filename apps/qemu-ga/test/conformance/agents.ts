// Starts the reference qemu-ga (Debian 7.2) and our bundled agent the same
// way, each fresh in its own temp dir: `-m unix-listen -p SOCK -t STATEDIR`
// (plus `-f PIDFILE` so that neither touches /var/run/qemu-ga.pid).
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { QgaClient } from '@ga/qga-client/client';

export type AgentKind = 'reference' | 'ours';

export const REFERENCE_BIN = '/usr/sbin/qemu-ga';
export const APP_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const BUNDLE = join(APP_DIR, 'dist', 'qemu-ga.mjs');

/**
 * The command line of each agent. QGA_UNDER_TEST=<binary> replaces our bundle
 * by another qemu-ga binary (e.g. the reference itself, to check the suite).
 */
export function agentCommand(kind: AgentKind): [string, string[]] {
  if (kind === 'reference') return [REFERENCE_BIN, []];
  const other = process.env.QGA_UNDER_TEST;
  if (other) return [other, []];
  return [process.execPath, [BUNDLE]];
}

/** Throws the fix when a prerequisite of the differential tests is missing. */
export function checkPrerequisites(): void {
  if (!existsSync(REFERENCE_BIN)) {
    throw new Error(`${REFERENCE_BIN} is missing: apt-get install -y qemu-guest-agent`);
  }
  if (!process.env.QGA_UNDER_TEST && !existsSync(BUNDLE)) {
    throw new Error(`${BUNDLE} is missing: run npm run build in apps/qemu-ga`);
  }
}

/**
 * System tools that guest-shutdown, guest-set-user-password and guest-set-time
 * (without a time) run. With `fakeSystemTools` the agent runs in a private
 * mount namespace where each is bind-mounted over by a script that only logs
 * its argv and stdin, so those commands can be compared without shutting the
 * machine down or changing passwords. (/usr/sbin/shutdown is a symlink to
 * systemctl on Debian, so systemctl is faked too.)
 */
export const FAKED_TOOLS = ['/usr/sbin/shutdown', '/usr/sbin/chpasswd', '/usr/sbin/hwclock'] as const;

export interface AgentOptions {
  fakeSystemTools?: boolean;
  /**
   * utmp records the agent sees at /run/utmp (guest-get-users). A private tmpfs
   * is mounted on /run in the agent's mount namespace, so the host is untouched.
   */
  utmp?: Buffer;
  /**
   * Adds user `qgakeys` (uid/gid 4242, home <dir>/home/qgakeys) to a copy of
   * /etc/passwd and /etc/group bind-mounted in the agent's namespace, for the
   * ssh-key commands; the host's account files are untouched.
   */
  testUser?: boolean;
}

export const TEST_USER = 'qgakeys';

/** One running agent process with its private socket, state dir and scratch dir. */
export class AgentProcess {
  readonly dir: string;
  readonly sock: string;
  readonly stateDir: string;
  /** Scratch dir for files the scenario creates; replaced by <TMP> in transcripts. */
  readonly scratch: string;
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  stderr = '';

  /** `extraArgs` may contain `{scratch}`, replaced by the scratch dir path. */
  /** Where the fake system tools log their calls (see FAKED_TOOLS). */
  readonly callsLog: string;

  constructor(
    readonly kind: AgentKind,
    readonly extraArgs: readonly string[] = [],
    readonly options: AgentOptions = {},
  ) {
    this.dir = mkdtempSync(join(tmpdir(), `qga-conf-${kind}-`));
    this.sock = join(this.dir, 'agent.sock');
    this.stateDir = join(this.dir, 'state');
    this.scratch = join(this.dir, 'scratch');
    mkdirSync(this.stateDir);
    mkdirSync(this.scratch);
    this.callsLog = join(this.dir, 'calls.log');
    if (options.fakeSystemTools) {
      // stdin is read with a bound: the agent may leave it open.
      writeFileSync(join(this.dir, 'fake-tool'), `#!/bin/sh\necho "$0 $*" >> ${this.callsLog}\ntimeout 2 cat >> ${this.callsLog}\nexit 0\n`);
      chmodSync(join(this.dir, 'fake-tool'), 0o755);
    }
  }

  /** Starts the agent (again, with the same state dir) and waits for its socket. */
  async start(): Promise<void> {
    rmSync(this.sock, { force: true });
    const [bin, pre] = agentCommand(this.kind);
    const args = [...pre, '-m', 'unix-listen', '-p', this.sock, '-t', this.stateDir, '-f', join(this.dir, 'pid'), ...this.extraArgs.map((a) => a.split('{scratch}').join(this.scratch))];
    const setup: string[] = [];
    if (this.options.fakeSystemTools) setup.push(`for t in ${FAKED_TOOLS.join(' ')}; do mount --bind ${join(this.dir, 'fake-tool')} "$t" || exit 97; done`);
    if (this.options.utmp) {
      writeFileSync(join(this.dir, 'utmp'), this.options.utmp);
      setup.push(`mount -t tmpfs qga-run /run && cp ${join(this.dir, 'utmp')} /run/utmp || exit 98`);
    }
    if (this.options.testUser) {
      const home = join(this.dir, 'home', TEST_USER);
      mkdirSync(home, { recursive: true });
      chownSync(home, 4242, 4242);
      writeFileSync(join(this.dir, 'passwd'), `${readFileSync('/etc/passwd', 'utf8')}${TEST_USER}:x:4242:4242::${home}:/bin/sh\n`);
      writeFileSync(join(this.dir, 'group'), `${readFileSync('/etc/group', 'utf8')}${TEST_USER}:x:4242:\n`);
      setup.push(`mount --bind ${join(this.dir, 'passwd')} /etc/passwd && mount --bind ${join(this.dir, 'group')} /etc/group || exit 99`);
    }
    const child =
      setup.length > 0
        ? spawn('unshare', ['--mount', '--propagation', 'private', '--', '/bin/sh', '-c', `${setup.join('; ')}; exec "$@"`, 'sandbox', bin, ...args], {
            stdio: ['ignore', 'ignore', 'pipe'],
          })
        : spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    child.stderr?.on('data', (b: Buffer) => {
      if (this.stderr.length < 65536) this.stderr += b.toString();
    });
    this.exited = new Promise((r) => child.once('exit', () => r()));
    const deadline = Date.now() + 20_000;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`${this.kind} agent (${bin} ${args.join(' ')}) exited at start: ${this.stderr.trim()}`);
      }
      if (existsSync(this.sock)) return;
      if (Date.now() > deadline) throw new Error(`${this.kind} agent did not create ${this.sock} within 20 s; stderr: ${this.stderr}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /**
   * A new raw connection (no sync: every byte is seen). The socket file exists
   * between bind() and listen(), so a refused connect right after start is retried.
   */
  async connect(): Promise<QgaClient> {
    const deadline = Date.now() + 5000;
    for (;;) {
      try {
        return await QgaClient.connect(this.sock, { sync: 'none' });
      } catch (e) {
        if (Date.now() > deadline || !/ECONNREFUSED|ENOENT/.test((e as Error).message)) throw e;
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  }

  /** Stops the process (SIGKILL when `hard`, as when a guest crashes). */
  async stop(hard = false): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill(hard ? 'SIGKILL' : 'SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), 3000);
    await this.exited;
    clearTimeout(t);
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
