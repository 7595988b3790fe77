/**
 * Guest echo program for the transport VM tests: opens one channel through
 * @ga/transport (the same code the agents use) and writes back every chunk it
 * reads, in order. Usage (in the guest):
 *   node /opt/echo-agent/echo-agent.mjs --method virtio-serial --path /dev/virtio-ports/NAME
 *   node /opt/echo-agent/echo-agent.mjs --method vsock-listen --path 4294967295:5000 --allow-any-cid
 * Prints "echo-agent ready" once the channel is open, and one line per
 * connect/hangup, so the host test can follow it through the guest log.
 */
import { openChannel } from '@ga/transport/open';
import { parseChannelSpec } from '@ga/transport/spec';
import { ensureThreadpool } from '@ga/transport/threadpool';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  ensureThreadpool();
  const method = arg('method');
  const path = arg('path');
  if (!method || !path) {
    console.error('usage: echo-agent --method <method> --path <path> [--allow-any-cid]');
    process.exit(2);
  }
  const spec = parseChannelSpec(method, path, { allowAnyCid: process.argv.includes('--allow-any-cid') });
  const channel = await openChannel(spec);
  let bytes = 0;
  channel.on('data', (chunk) => {
    bytes += chunk.length;
    channel.write(chunk).catch((err: Error) => console.log(`echo-agent write failed: ${err.message}`));
  });
  channel.on('connect', () => console.log('echo-agent connect'));
  channel.on('hangup', () => console.log(`echo-agent hangup after ${bytes} bytes`));
  channel.on('error', (err) => {
    console.log(`echo-agent error: ${err.message}`);
    process.exit(1);
  });
  const stop = (): void => {
    void channel.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  console.log(`echo-agent ready ${method} ${path}`);
}

main().catch((err: Error) => {
  console.log(`echo-agent failed: ${err.message}`);
  process.exit(1);
});
