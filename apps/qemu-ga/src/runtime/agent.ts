/**
 * The running agent: channel -> JSON stream parser -> dispatcher -> channel.
 * One parser for the agent; on listening transports it is reset when a new
 * client connects (qemu-ga keeps one global parser, so a half request of a
 * departed client garbles the next client's first request, qemu-ga.md §1.6
 * and §8 case 71: we deliberately differ). Channel errors never kill the
 * agent: with --retry-path it reopens after 5 s, otherwise it exits 1 so
 * systemd restarts it.
 */
import { statSync } from 'node:fs';
import { writeLockedPidfile } from '@ga/process/pidfile';
import { JsonStreamParser } from '@ga/framing/json-stream';
import { encodeJson } from '@ga/framing/json-encode';
import { libc, libcLoaded } from '@ga/native/libc';
import { exitNow } from '@ga/process/exit-now';
import { memorySettler } from '@ga/process/settle-memory';
import { describeSpec, resolveChannelSpec, startChannel } from '@ga/transport/channel-life';
import type { ChannelLife } from '@ga/transport/channel-life';
import { parseChannelSpec } from '@ga/transport/spec';
import { createHandlers } from '../commands/index.js';
import type { AgentConfig, AgentContext } from '../context.js';
import { Dispatcher } from '../dispatch/dispatcher.js';
import { FrozenState, markerExists } from './frozen-state.js';
import { createAgentLogger } from '@ga/log/agent-logger';
import type { AgentLog } from '@ga/log/agent-logger';
import { openSyslog } from '@ga/log/syslog-socket';

export interface RunningAgent {
  readonly ctx: AgentContext;
  readonly log: AgentLog;
  /** Stop: close the channel, release the pidfile, flush the log. Thaws first when frozen. */
  stop(reason: string): Promise<void>;
}

/**
 * qemu-ga's -v logs every byte it reads, passwords included; we log the
 * request text too but never a "password" member's value (docs/intended-differences.md).
 */
export function hidePasswords(text: string): string {
  return text.replace(/("password"\s*:\s*")(?:[^"\\]|\\.)*"/g, '$1<hidden>"');
}

/** A read chunk as -v shows it: text, passwords hidden, the first 4 KiB of a long one (a file write's data is MiBs). */
function readDataText(chunk: Buffer): string {
  const text = hidePasswords(chunk.subarray(0, 4096).toString('utf8').trimEnd());
  return chunk.length > 4096 ? `${text}... (${chunk.length - 4096} more bytes)` : text;
}

/** Fails with a message saying what to do when the state directory is unusable. */
function checkStateDir(dir: string): void {
  let ok = false;
  try {
    ok = statSync(dir).isDirectory();
  } catch {
    ok = false;
  }
  if (!ok) throw new Error(`state directory '${dir}' does not exist: create it (mkdir -p ${dir}) or choose another with -t`);
}

/**
 * Start serving. Resolves once the channel is open (the daemon child reports
 * readiness then); rejects with a user-facing message on startup failure.
 */
export async function startAgent(config: AgentConfig): Promise<RunningAgent> {
  checkStateDir(config.stateDir);
  const startFrozen = markerExists(config.stateDir);
  // As qemu-ga: errors only unless -v; command records ("guest-ping called") to syslog always.
  const log = createAgentLogger({
    program: 'qemu-ga',
    style: 'qemu-ga',
    level: config.verbose ? 'debug' : 'error',
    logFile: config.logFile,
    suspended: startFrozen,
    // GA_SYSLOG_SOCKET: another syslog socket than /dev/log (containers, tests).
    syslog: openSyslog({ ident: 'qemu-ga', path: process.env.GA_SYSLOG_SOCKET }),
  });
  const frozen = new FrozenState(config.stateDir, log, startFrozen);
  if (startFrozen) log.warn(`${config.stateDir}/qga.state.isfrozen exists: starting in the frozen state (thaw to leave it)`);

  // The pidfile is a write to the filesystem: deferred until thawed when starting frozen.
  let releasePid: (() => void) | undefined;
  const takePidfile = () => {
    if (config.daemonize && !releasePid) releasePid = writeLockedPidfile(config.pidFile);
  };
  if (!startFrozen) takePidfile();
  else frozen.onChange((f) => !f && takePidfile());

  const ctx: AgentContext = { stateDir: config.stateDir, log, config, frozen };
  const handlers = createHandlers();
  let life: ChannelLife | undefined;
  const dispatcher = new Dispatcher({
    handlers,
    ctx,
    encode: encodeJson,
    // After a burst, hand the memory back at once (koffi's malloc_trim only where syslog already loaded it).
    onDrained: memorySettler(() => void (libcLoaded() && libc().mallocTrim(0))),
    // Not async: the channel's promise is returned as it is, shared by the replies of one write.
    write: (buf) => {
      if (log.debugEnabled) log.debug(`sending data, count: ${buf.length}`);
      return life ? life.write(buf) : Promise.reject(new Error('channel not open'));
    },
  });
  const parser = new JsonStreamParser({
    onValue: (v: unknown) => dispatcher.onValue(v),
    onError: (e: unknown) => dispatcher.onParseError(e),
  });

  let stopping = false;
  const spec = await resolveChannelSpec(() => parseChannelSpec(config.method, config.path));
  const stop = async (reason: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    if (frozen.frozen) {
      // Our choice (docs/commands.md "Signals"): never exit leaving the guest frozen.
      log.error(`${reason} while filesystems are frozen: thawing before exit`);
      try {
        const n = await handlers['guest-fsfreeze-thaw']({}, ctx);
        log.error(`thawed ${n} filesystem(s) before exit`);
      } catch (e) {
        log.error(`thaw before exit failed: ${(e as Error).message}; the marker stays so the next agent starts frozen`);
      }
    }
    log.info(`exiting: ${reason}`);
    await life?.close();
    releasePid?.();
    await log.close();
  };

  life = await startChannel({
    spec,
    retry: config.retryPath,
    log,
    onData: (chunk) => {
      if (log.debugEnabled) log.debug(`read data, count: ${chunk.length}, data: ${readDataText(chunk)}`);
      parser.feed(chunk);
    },
    // A new client must not inherit the half request of the last one; a reopened port neither.
    onConnect: () => parser.reset(),
    onOpen: () => parser.reset(),
    // A client that half-closes (socat at the end of its stdin) still gets every reply.
    onEof: (finish) => void dispatcher.idle().then(finish),
    onFatal: () => void stop('channel error').then(() => exitNow(1)),
  });
  log.info(`listening on ${describeSpec(spec)}`);
  return { ctx, log, stop };
}
