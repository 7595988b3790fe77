/**
 * Signal hygiene for an agent that runs as root. Node treats some signals
 * specially: SIGUSR1 opens its inspector on 127.0.0.1:9229 (a debugger in a
 * root process), and at start-up Node resets every inherited disposition to
 * the default, so a SIGHUP that `nohup` or an init system asked to ignore
 * kills the agent again. The C agents keep what they inherit and die on
 * SIGUSR1 (its default action).
 */

/** Where the launcher hands over the parent's ignored set: the hex `SigIgn:` mask of /proc/<pid>/status. */
export const INHERITED_SIGIGN_ENV = 'GA_SIGIGN';

/** Linux signal numbers of the signals a Node listener may take over (others are fatal or untouchable). */
const HANDLEABLE: Readonly<Record<number, NodeJS.Signals>> = {
  1: 'SIGHUP',
  2: 'SIGINT',
  3: 'SIGQUIT',
  12: 'SIGUSR2',
  14: 'SIGALRM',
  15: 'SIGTERM',
  20: 'SIGTSTP',
  21: 'SIGTTIN',
  22: 'SIGTTOU',
  24: 'SIGXCPU',
  26: 'SIGVTALRM',
  27: 'SIGPROF',
  28: 'SIGWINCH',
  29: 'SIGIO',
  30: 'SIGPWR',
};

/** The signals set in a /proc SigIgn-style hex mask that a listener can keep ignored. */
export function ignoredSignals(mask: string | undefined): NodeJS.Signals[] {
  if (!mask || !/^[0-9a-fA-F]{1,16}$/.test(mask)) return [];
  const bits = BigInt(`0x${mask}`);
  const out: NodeJS.Signals[] = [];
  for (const [nr, name] of Object.entries(HANDLEABLE)) if ((bits >> BigInt(Number(nr) - 1)) & 1n) out.push(name);
  return out;
}

/**
 * SIGUSR1 ends the process by SIGUSR1, as it ends the C agents, instead of
 * opening Node's inspector. (Between Node's start and this call the inspector
 * signal is still armed: a window of a few milliseconds.)
 */
export function refuseInspectorSignal(proc: NodeJS.Process = process): void {
  proc.on('SIGUSR1', () => {
    proc.removeAllListeners('SIGUSR1');
    proc.kill(proc.pid, 'SIGUSR1');
  });
}

/**
 * Ignore again what the parent had ignored (as handed over by the launcher),
 * except `handled`: the signals the agent takes over itself, as the C agents
 * install their SIGTERM/SIGINT handlers whatever they inherited. The variable
 * is removed so programs the agent starts do not see it.
 */
export function keepInheritedIgnores(handled: readonly NodeJS.Signals[], proc: NodeJS.Process = process): NodeJS.Signals[] {
  const kept = ignoredSignals(proc.env[INHERITED_SIGIGN_ENV]).filter((s) => !handled.includes(s));
  delete proc.env[INHERITED_SIGIGN_ENV];
  for (const s of kept) proc.on(s, () => undefined);
  return kept;
}
