import { setTimeout as sleep } from 'node:timers/promises';
import type { Vm } from './driver.js';

/** A process started in the guest by {@link startInGuest}. */
export interface GuestProcess {
  pid: number;
  /** Its stdout+stderr, in the guest. */
  log: string;
}

/** Quote one word for the guest's sh. */
export function shq(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * Start `command` (a shell command line) in the guest in the background,
 * output to /run/ga/<name>.log. Resolves with its pid (the command itself:
 * the subshell execs it).
 */
export async function startInGuest(vm: Vm, name: string, command: string): Promise<GuestProcess> {
  const log = `/run/ga/${name}.log`;
  const r = await vm.exec(`(exec ${command}) > ${log} 2>&1 < /dev/null &\necho $!`);
  const pid = Number(r.output.trim());
  if (r.code !== 0 || !Number.isInteger(pid)) throw new Error(`could not start "${command}" in the guest: ${r.output}`);
  return { pid, log };
}

/** The guest process's log so far. */
export async function readGuestLog(vm: Vm, proc: GuestProcess): Promise<string> {
  return (await vm.exec(`cat ${proc.log} 2>/dev/null`)).output;
}

/**
 * Wait until the guest process's log matches `re` (polling every 200 ms);
 * rejects with the log when it exits first or the time is up.
 */
export async function waitForGuestLog(vm: Vm, proc: GuestProcess, re: RegExp, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await vm.exec(`cat ${proc.log} 2>/dev/null; echo; [ -d /proc/${proc.pid} ] && echo GA-ALIVE`);
    const log = r.output.replace(/\nGA-ALIVE\n$/, '');
    if (re.test(log)) return log;
    if (!r.output.endsWith('GA-ALIVE\n')) throw new Error(`guest process ${proc.pid} exited before ${re}; its log:\n${log}`);
    if (Date.now() > deadline) throw new Error(`guest process ${proc.pid}: no ${re} in its log after ${timeoutMs} ms:\n${log}`);
    await sleep(200);
  }
}

/** Stop a guest process (SIGTERM, then SIGKILL after 2 s). */
export async function stopInGuest(vm: Vm, proc: GuestProcess): Promise<void> {
  await vm.exec(`kill ${proc.pid} 2>/dev/null; i=0; while [ -d /proc/${proc.pid} ] && [ $i -lt 20 ]; do sleep 0.1; i=$((i+1)); done; kill -9 ${proc.pid} 2>/dev/null; true`);
}

/**
 * CPU used by each guest pid over `seconds` of guest time, in % of one vCPU,
 * from utime+stime in /proc/<pid>/stat (USER_HZ = 100 on x86) against
 * /proc/uptime. Measured in the guest, so host load does not skew it.
 */
export async function measureGuestCpu(vm: Vm, pids: number[], seconds: number): Promise<number[]> {
  const ticks = `for p in ${pids.join(' ')}; do set -- $(sed 's/^.*) //' /proc/$p/stat); shift 11; echo -n "$(($1 + $2)) "; done`;
  const script = `t0=$(cut -d' ' -f1 /proc/uptime); a=$(${ticks}); sleep ${seconds}; b=$(${ticks}); t1=$(cut -d' ' -f1 /proc/uptime); echo "$t0|$a|$t1|$b"`;
  const r = await vm.exec(script, (seconds + 60) * 1000);
  const [t0, a, t1, b] = r.output.trim().split('|');
  const before = a!.trim().split(/\s+/).map(Number);
  const after = b!.trim().split(/\s+/).map(Number);
  const elapsed = Number(t1) - Number(t0);
  if (r.code !== 0 || before.length !== pids.length || after.length !== pids.length || !(elapsed > 0)) {
    throw new Error(`CPU measurement in the guest failed (is every pid alive?): ${r.output}`);
  }
  return pids.map((_, i) => ((after[i]! - before[i]!) / 100 / elapsed) * 100);
}
