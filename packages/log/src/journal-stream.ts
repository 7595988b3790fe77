/**
 * Whether fd 2 is connected to the journal: systemd sets JOURNAL_STREAM to
 * "<device>:<inode>" of the stream it gave the service (systemd.exec(5)).
 * Then a line needs no timestamp of its own (the journal stamps it) and a
 * `<N>` sd-daemon prefix carries its priority.
 */
import { fstatSync } from 'node:fs';

export function stderrIsJournal(env: NodeJS.ProcessEnv = process.env, stat: () => { dev: number | bigint; ino: number | bigint } = () => fstatSync(2)): boolean {
  const m = /^(\d+):(\d+)$/.exec(env.JOURNAL_STREAM ?? '');
  if (!m) return false;
  try {
    const s = stat();
    return String(s.dev) === m[1] && String(s.ino) === m[2];
  } catch {
    return false;
  }
}
