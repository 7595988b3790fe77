// Friendly sub-commands in the spirit of qemu-ga-client (qemu-ga.md §5.2),
// built only on QgaClient.execute so they work against any compatible agent.
import type { QgaClient, QgaReply } from './client.js';
import type { JsonObject, JsonValue } from './json-lite.js';
import { prettyJson } from './json-lite.js';

/** Output sink and exit status of one friendly command. */
export interface FriendlyResult {
  stdout: string;
  stderr?: string;
  exitCode: number;
}

type Runner = (client: QgaClient, args: string[], timeoutMs: number) => Promise<FriendlyResult>;

function expectReturn(command: string, reply: QgaReply): JsonValue {
  if (reply.error) throw new Error(`${command} failed: ${reply.error.desc} (${reply.error.class})`);
  return reply.return ?? null;
}

function simple(command: string, args?: (rest: string[]) => JsonObject | undefined): Runner {
  return async (client, rest, timeoutMs) => {
    const reply = await client.execute(command, args?.(rest), { timeoutMs });
    return { stdout: `${prettyJson(expectReturn(command, reply))}\n`, exitCode: 0 };
  };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const exec: Runner = async (client, rest, timeoutMs) => {
  const [path, ...arg] = rest;
  if (!path) return { stdout: '', stderr: 'usage: qga-client --socket PATH exec <program> [args...]\n', exitCode: 2 };
  const started = expectReturn('guest-exec', await client.execute('guest-exec', { path, arg, 'capture-output': true }, { timeoutMs })) as JsonObject;
  const pid = started.pid as JsonValue;
  // Poll like qm guest exec: the agent only reports "exited" once reaped.
  for (let delay = 5; ; delay = Math.min(delay * 2, 200)) {
    const st = expectReturn('guest-exec-status', await client.execute('guest-exec-status', { pid }, { timeoutMs })) as JsonObject;
    if (st.exited === true) {
      const out = typeof st['out-data'] === 'string' ? Buffer.from(st['out-data'], 'base64').toString() : '';
      const err = typeof st['err-data'] === 'string' ? Buffer.from(st['err-data'], 'base64').toString() : '';
      const code = typeof st.exitcode === 'bigint' ? Number(st.exitcode) : 128 + Number(st.signal ?? 0);
      return { stdout: out, stderr: err, exitCode: code };
    }
    await sleep(delay);
  }
};

const cat: Runner = async (client, rest, timeoutMs) => {
  const [path] = rest;
  if (!path) return { stdout: '', stderr: 'usage: qga-client --socket PATH cat <guest-path>\n', exitCode: 2 };
  const handle = expectReturn('guest-file-open', await client.execute('guest-file-open', { path }, { timeoutMs }));
  const parts: Buffer[] = [];
  try {
    for (;;) {
      const r = expectReturn('guest-file-read', await client.execute('guest-file-read', { handle, count: 1n << 20n }, { timeoutMs })) as JsonObject;
      parts.push(Buffer.from(String(r['buf-b64']), 'base64'));
      if (r.eof === true || r.count === 0n) break;
    }
  } finally {
    await client.execute('guest-file-close', { handle }, { timeoutMs });
  }
  return { stdout: Buffer.concat(parts).toString(), exitCode: 0 };
};

const ping: Runner = async (client, _rest, timeoutMs) => {
  expectReturn('guest-ping', await client.execute('guest-ping', undefined, { timeoutMs }));
  return { stdout: 'pong\n', exitCode: 0 };
};

const fsfreeze: Runner = async (client, rest, timeoutMs) => {
  const map: Record<string, string> = { status: 'guest-fsfreeze-status', freeze: 'guest-fsfreeze-freeze', thaw: 'guest-fsfreeze-thaw' };
  const command = map[rest[0] ?? ''];
  if (!command) return { stdout: '', stderr: 'usage: qga-client --socket PATH fsfreeze status|freeze|thaw\n', exitCode: 2 };
  return simple(command)(client, [], timeoutMs);
};

/** Sub-command name -> runner. Anything else is sent as a raw command name. */
export const FRIENDLY: Readonly<Record<string, Runner>> = {
  ping,
  info: simple('guest-info'),
  osinfo: simple('guest-get-osinfo'),
  hostname: simple('guest-get-host-name'),
  time: simple('guest-get-time'),
  timezone: simple('guest-get-timezone'),
  users: simple('guest-get-users'),
  vcpus: simple('guest-get-vcpus'),
  ifconfig: simple('guest-network-get-interfaces'),
  fsinfo: simple('guest-get-fsinfo'),
  fstrim: simple('guest-fstrim', (rest) => (rest[0] ? { minimum: BigInt(rest[0]) } : undefined)),
  fsfreeze,
  exec,
  cat,
};
