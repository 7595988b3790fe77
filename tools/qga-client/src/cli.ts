// qga-client: send commands to a QEMU guest agent's host-side UNIX socket.
//   qga-client --socket PATH [--no-sync|--libvirt-sync] <command> [json-args]
//   qga-client --socket PATH --raw '<json>'
//   qga-client --socket PATH ping|info|exec /bin/uname -a|cat /etc/hostname|fsfreeze status|...
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { QgaClient, type SyncMode } from './client.js';
import { encodeJson, parseJson, prettyJson, type JsonObject } from './json-lite.js';
import { FRIENDLY } from './friendly.js';

async function main(): Promise<number> {
  const argv = await yargs(hideBin(process.argv))
    .scriptName('qga-client')
    .usage('$0 --socket PATH [--no-sync|--libvirt-sync] <command> [json-args]\n$0 --socket PATH --raw \'<json>\'')
    .option('socket', { alias: 's', type: 'string', demandOption: true, describe: "agent's host-side UNIX socket (QEMU chardev or qemu-ga -m unix-listen)" })
    .option('sync', { type: 'boolean', default: true, describe: '0xFF + guest-sync-delimited before the first command (--no-sync to skip)' })
    .option('libvirt-sync', { type: 'boolean', default: false, describe: "sync as libvirt does: plain guest-sync with a ms timestamp id" })
    .option('raw', { type: 'string', describe: 'send these bytes unchanged (no sync) and print the raw reply' })
    .option('timeout', { alias: 't', type: 'number', default: 5000, describe: 'reply timeout in ms' })
    .option('pretty', { type: 'boolean', default: false, describe: 'indent the JSON output' })
    .parserConfiguration({ 'halt-at-non-option': true })
    .strictOptions()
    .help()
    .parseAsync();

  const positional = argv._.map(String);
  if (argv.raw === undefined && positional.length === 0) {
    process.stderr.write('qga-client: give a command (e.g. guest-ping, ping, info) or --raw JSON; see --help\n');
    return 2;
  }
  const mode: SyncMode = argv.raw !== undefined || !argv.sync ? 'none' : argv['libvirt-sync'] ? 'libvirt' : 'delimited';
  const client = await QgaClient.connect(argv.socket, { sync: mode, syncTimeoutMs: argv.timeout });
  try {
    if (argv.raw !== undefined) {
      const reply = await client.executeRaw(argv.raw, { timeoutMs: argv.timeout });
      process.stdout.write(reply);
      return 0;
    }
    const [command, ...rest] = positional as [string, ...string[]];
    const friendly = FRIENDLY[command];
    if (friendly && !command.startsWith('guest-')) {
      const r = await friendly(client, rest, argv.timeout);
      process.stdout.write(r.stdout);
      if (r.stderr) process.stderr.write(r.stderr);
      return r.exitCode;
    }
    let args: JsonObject | undefined;
    if (rest[0] !== undefined) {
      const parsed = parseJson(rest[0]);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        process.stderr.write(`qga-client: arguments must be a JSON object, e.g. '{"id": 1}', not ${rest[0]}\n`);
        return 2;
      }
      args = parsed;
    }
    const reply = await client.execute(command, args, { timeoutMs: argv.timeout });
    const shown = { ...reply };
    process.stdout.write(`${argv.pretty ? prettyJson(shown) : encodeJson(shown)}\n`);
    return reply.error ? 1 : 0;
  } finally {
    await client.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`qga-client: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
