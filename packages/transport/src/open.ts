/**
 * openChannel: construct AND open the channel a spec names. Implementations
 * are imported on demand, so an agent loads serialport or koffi only when its
 * method needs them (apps bundle every channel; most use one).
 */
import type { Channel, ChannelSpec } from './channel.js';
import type { ListenLimits } from './limits.js';

export type OpenChannelOptions = ListenLimits;

/** Open the channel `spec` describes; rejects with a message saying what to do next. */
export async function openChannel(spec: ChannelSpec, opts: OpenChannelOptions = {}): Promise<Channel> {
  const channel = await createChannel(spec, opts);
  await channel.open();
  return channel;
}

/** The channel `spec` describes, not opened yet: attach listeners first when its first events matter. */
export async function createChannel(spec: ChannelSpec, opts: OpenChannelOptions = {}): Promise<Channel> {
  let channel: Channel;
  switch (spec.method) {
    case 'virtio-serial':
      channel = new (await import('./virtio-serial.js')).VirtioSerialChannel(spec);
      break;
    case 'isa-serial':
      channel = new (await import('./isa-serial.js')).IsaSerialChannel(spec);
      break;
    case 'unix-listen':
      channel = new (await import('./unix-listen.js')).UnixListenChannel(spec, opts);
      break;
    case 'unix-connect':
      channel = new (await import('./unix-connect.js')).UnixConnectChannel(spec);
      break;
    case 'vsock-listen':
      channel = new (await import('./vsock-listen.js')).VsockListenChannel(spec, opts);
      break;
  }
  return channel;
}
