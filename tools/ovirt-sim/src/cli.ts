/**
 * ovirt-sim: play VDSM on an oVirt guest agent channel from the command line.
 *
 *   ovirt-sim --socket /tmp/ovirt.sock --refresh --send '{"__name__": "echo", "x": 1}' --count 2
 *
 * Connects to the agent's UNIX socket, sends the requested commands in order
 * (refresh, api-version, then each --send line), and prints every message
 * received as `<- <json line>` until --count messages arrived or the channel
 * stayed quiet for --idle seconds.
 *
 *   ovirt-sim --socket /tmp/ovirt.sock --vdsm [--lock] [--lifecycle before_migration] ...
 *
 * --vdsm plays VDSM itself (vdsm-host.ts): connect, refresh, negotiate,
 * parse like guestagent.py, wait until the guest is Up at API 3 with every
 * field filled, send the requested commands the way VDSM's API does, then
 * print the guest info VDSM would hand to the engine as JSON.
 */
import yargs from 'yargs';
import { RECEIVE_OPTIONS, printReceived, runCli } from '@ga/host-kit/receive-cli';
import { hideBin } from 'yargs/helpers';
import { OvirtHost } from './ovirt-host.js';
import { runVdsm, VDSM_OPTIONS } from './vdsm-cli.js';
import type { OvirtMessage } from '@ga/framing/newline-json';

async function main(): Promise<number> {
  const argv = await yargs(hideBin(process.argv))
    .scriptName('ovirt-sim')
    .usage('$0 --socket PATH [commands]')
    .option('socket', { alias: 's', type: 'string', demandOption: true, describe: "the agent's chardev UNIX socket" })
    .option('refresh', { type: 'string', describe: 'send VDSM\'s connect message {"apiVersion": N, "__name__": "refresh"} (N = 3 if given without a value)' })
    .option('api-version', { type: 'number', describe: 'send {"apiVersion": N, "__name__": "api-version"}' })
    .option('send', { type: 'string', array: true, default: [] as string[], describe: 'send this JSON object as one line (repeatable)' })
    .option('raw', { type: 'string', array: true, default: [] as string[], describe: 'send this text as is, with JS escapes like \\n and \\xff (repeatable)' })
    .options(RECEIVE_OPTIONS)
    .options(VDSM_OPTIONS)
    .strict()
    .help()
    .parseAsync();

  if (argv.vdsm) return runVdsm(argv.socket, argv);
  const host = await OvirtHost.connect(argv.socket);
  if (argv.refresh !== undefined) {
    const version = argv.refresh === '' ? 3 : Number(argv.refresh);
    if (!Number.isInteger(version)) throw new Error(`--refresh ${argv.refresh}: give an API version number such as 3, or no value`);
    await host.refresh(version);
    console.log(`-> {"apiVersion": ${version}, "__name__": "refresh"}`);
  }
  if (argv['api-version'] !== undefined) {
    await host.apiVersion(argv['api-version']);
    console.log(`-> {"apiVersion": ${argv['api-version']}, "__name__": "api-version"}`);
  }
  for (const text of argv.send) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new Error(`--send ${text}: not JSON; give one object such as '{"__name__": "echo"}'`);
    }
    await host.send(parsed as OvirtMessage);
    console.log(`-> ${text}`);
  }
  for (const text of argv.raw) {
    await host.sendRaw(Buffer.from(unescape(text), 'latin1'));
    console.log(`-> (raw) ${JSON.stringify(text)}`);
  }
  const complete = await printReceived({
    name: 'ovirt-sim',
    count: argv.count,
    idleSeconds: argv.idle,
    next: (ms) => host.next(ms),
    format: (next) => `<- ${next.bytes.toString('latin1')}`,
  });
  for (const d of host.dropped) console.log(`<- (dropped: ${d.reason}) ${JSON.stringify(d.line)}`);
  await host.close();
  return complete ? 0 : 1;
}

/** Expand \n, \r, \t, \\ and \xHH so raw bytes can be typed on a command line. */
function unescape(text: string): string {
  return text.replace(/\\(x[0-9a-fA-F]{2}|n|r|t|\\)/g, (_m, e: string) =>
    e === 'n' ? '\n' : e === 'r' ? '\r' : e === 't' ? '\t' : e === '\\' ? '\\' : String.fromCharCode(parseInt(e.slice(1), 16)),
  );
}

runCli('ovirt-sim', main);
