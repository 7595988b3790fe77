import type { AgentLog } from '@ga/log/agent-logger';
import type { ChannelMethod } from '@ga/transport';

/**
 * What handlers may do with the agent's log (@ga/log's AgentLog without its
 * life cycle): `audit` is qemu-ga's syslog line ("guest-ping called").
 * Implementations never write while the agent is frozen.
 */
export type AgentLogLike = Pick<AgentLog, 'error' | 'warn' | 'info' | 'debug' | 'audit' | 'debugEnabled'>;

/** The agent's own fsfreeze state (qemu-ga.md §2.3.3), not the kernel's. */
export interface FrozenFlag {
  readonly frozen: boolean;
  /** enter/leave the frozen state: writes/removes <statedir>/qga.state.isfrozen, suspends/resumes
   *  logging and file writes of the agent itself, flips the command gate */
  set(frozen: boolean): Promise<void>;
}

/**
 * Effective configuration: defaults, then the `[general]` group of the config
 * file, then the command line (qemu-ga.md §3.1/§3.2). Keys mirror qemu-ga's.
 */
export interface AgentConfig {
  /** `-t/--statedir`: holds qga.state and qga.state.isfrozen. */
  stateDir: string;
  /** `-F/--fsfreeze-hook`: hook path when enabled, undefined when not. */
  fsfreezeHook?: string;
  /** Downstream extra (off = undefined): thaw automatically after this many seconds frozen. */
  fsfreezeTimeoutSec?: number;
  /** Downstream extra (off = undefined): kill a guest-exec child after this many seconds. */
  execTimeoutSec?: number;
  /** Downstream extra (off = undefined): forget exited guest-exec children nobody polled after this many seconds. */
  execRecordTtlSec?: number;
  /** `-m/--method`. */
  method: ChannelMethod;
  /** `-p/--path`: device, socket path, or `<cid>:<port>` for vsock. */
  path: string;
  /** `-l/--logfile`: undefined = stderr. */
  logFile?: string;
  /** `-f/--pidfile`. */
  pidFile: string;
  /** `-d/--daemonize`. */
  daemonize: boolean;
  /** `-v/--verbose`. */
  verbose: boolean;
  /** `-r/--retry-path`. */
  retryPath: boolean;
  /** `-b/--block-rpcs`, in the order given. */
  blockRpcs: string[];
  /** `-a/--allow-rpcs`; undefined = no allow-list (everything allowed). */
  allowRpcs?: string[];
  /**
   * Seconds after which a command that has not answered gets an error reply so
   * the queue moves on (the hung work is abandoned). 0 = never.
   */
  commandTimeoutSec: number;
}

/** What every handler receives besides its arguments. */
export interface AgentContext {
  readonly stateDir: string;
  readonly log: AgentLogLike;
  readonly config: AgentConfig;
  readonly frozen: FrozenFlag;
}
