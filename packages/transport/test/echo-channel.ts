/**
 * A probe for the VM harness (tools/vm): opens one channel through
 * openChannel and answers every chunk with the same bytes upper-cased,
 * logging channel events to stderr. Bundle it and run it in the guest:
 *   npm run build:echo -w @ga/transport   # -> packages/transport/dist/echo-channel.mjs
 *   node dist/echo-channel.mjs virtio-serial /dev/virtio-ports/org.qemu.guest_agent.0
 *   node dist/echo-channel.mjs vsock-listen 4294967295:1234 --allow-any-cid
 * Start it with UV_THREADPOOL_SIZE=8 like the agents.
 */
import { openChannel } from '@ga/transport/open';
import { parseChannelSpec } from '@ga/transport/spec';
import { ensureThreadpool } from '@ga/transport/threadpool';

const [method = '', path = '', ...flags] = process.argv.slice(2);
const warning = ensureThreadpool();
if (warning) process.stderr.write(`warning: ${warning}\n`);
try {
  const ch = await openChannel(parseChannelSpec(method, path, { allowAnyCid: flags.includes('--allow-any-cid') }));
  ch.on('connect', () => process.stderr.write('event: connect\n'));
  ch.on('hangup', () => process.stderr.write('event: hangup\n'));
  ch.on('warning', (w) => process.stderr.write(`warning: ${w}\n`));
  ch.on('error', (e) => {
    process.stderr.write(`error: ${e.message}\n`);
    process.exit(1);
  });
  ch.on('data', (b) => {
    ch.write(Buffer.from(b.toString('latin1').toUpperCase(), 'latin1')).catch((e: Error) =>
      process.stderr.write(`write failed: ${e.message}\n`),
    );
  });
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.on(sig, () => void ch.close().finally(() => process.exit(0)));
  }
  process.stderr.write(`ready: ${method} ${path}\n`);
} catch (err) {
  process.stderr.write(`error: ${(err as Error).message}\n`);
  process.exit(1);
}
