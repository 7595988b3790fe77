/**
 * spice-sim: play spice-server + client on a SPICE agent port from the
 * command line.
 *
 *   spice-sim --socket /tmp/spice.sock --announce-caps --count 1
 *   spice-sim --socket /tmp/spice.sock --send-hex '01000000 1c000000 ...'
 *
 * Connects to the agent's UNIX socket, sends the requested messages, and
 * prints each decoded message received (`<- port N TYPE {fields}`) until
 * --count messages arrived or the port stayed quiet for --idle seconds.
 */
import yargs from 'yargs';
import { RECEIVE_OPTIONS, printReceived, runCli } from '@ga/host-kit/receive-cli';
import { hideBin } from 'yargs/helpers';
import { SPICE_GTK_CAPS, SpiceHost } from './spice-host.js';
import { VD_AGENT_CAP } from '@ga/framing/spice-messages';
import type { CapName } from '@ga/framing/spice-messages';

/** JSON for decoded fields: bigints as decimal, Buffers as hex. */
export function describeFields(fields: Record<string, unknown>): string {
  return JSON.stringify(fields, (_k, v: unknown) => {
    if (typeof v === 'bigint') return v.toString();
    if (v && typeof v === 'object' && (v as { type?: string }).type === 'Buffer' && Array.isArray((v as { data?: unknown }).data)) {
      return Buffer.from((v as { data: number[] }).data).toString('hex');
    }
    return v;
  });
}

function capsFromMask(mask: number): CapName[] {
  return (Object.keys(VD_AGENT_CAP) as CapName[]).filter((c) => (mask >>> VD_AGENT_CAP[c]) & 1);
}

async function main(): Promise<number> {
  const argv = await yargs(hideBin(process.argv))
    .scriptName('spice-sim')
    .usage('$0 --socket PATH [messages]')
    .option('socket', { alias: 's', type: 'string', demandOption: true, describe: "the agent's port as a UNIX socket" })
    .option('announce-caps', { type: 'string', describe: 'send ANNOUNCE_CAPABILITIES request=1 with this caps mask (hex; spice-gtk 0x35077 if given without a value)' })
    .option('send-hex', { type: 'string', array: true, default: [] as string[], describe: 'send these bytes as they are (hex, spaces allowed; repeatable)' })
    .options(RECEIVE_OPTIONS)
    .strict()
    .help()
    .parseAsync();

  const host = await SpiceHost.connect(argv.socket);
  if (argv['announce-caps'] !== undefined) {
    const caps = argv['announce-caps'] === '' ? SPICE_GTK_CAPS : capsFromMask(parseInt(argv['announce-caps'], 16));
    await host.announceCapabilities(caps, true);
    console.log(`-> port 1 ANNOUNCE_CAPABILITIES request=1 caps=0x${(host.hostCaps?.[0] ?? 0).toString(16).padStart(8, '0')}`);
  }
  for (const text of argv['send-hex']) {
    const clean = text.replace(/\s+/g, '');
    if (!/^([0-9a-fA-F]{2})*$/.test(clean)) throw new Error(`--send-hex ${text}: not an even number of hex digits`);
    await host.sendRaw(Buffer.from(clean, 'hex'));
    console.log(`-> ${clean.length / 2} bytes`);
  }
  const complete = await printReceived({
    name: 'spice-sim',
    count: argv.count,
    idleSeconds: argv.idle,
    next: (ms) => host.next(ms),
    format: (next) => `<- port ${next.port} ${next.message.name} ${describeFields(next.message.fields)}`,
  });
  for (const p of host.problems) console.log(`<- (${p.kind}) ${p.kind === 'reset' ? p.reason : p.error}`);
  await host.close();
  return complete ? 0 : 1;
}

runCli('spice-sim', main);
