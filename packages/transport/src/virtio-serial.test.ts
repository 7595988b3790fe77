import { afterEach, describe, expect, it } from '@jest/globals';
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, open as fsOpen, openSync, read as fsRead, writeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { VirtioSerialChannel } from './virtio-serial.js';
import { bundleScript } from './test-util/bundle.js';
import { once, tempDir } from './test-util/net.js';
import { openPty, ptyPair, type PtyPair } from './test-util/pty.js';

let pair: PtyPair | undefined;
const channels: VirtioSerialChannel[] = [];
afterEach(async () => {
  for (const c of channels.splice(0)) await c.close();
  pair?.stop();
  pair = undefined;
});

function track(ch: VirtioSerialChannel): VirtioSerialChannel {
  channels.push(ch);
  ch.on('warning', () => {});
  return ch;
}

const readAsync = (fd: number, buf: Buffer): Promise<number> =>
  new Promise((resolve, reject) => fsRead(fd, buf, 0, buf.length, null, (e, n) => (e ? reject(e) : resolve(n))));

describe('VirtioSerialChannel', () => {
  it('carries bytes both ways over a character device (pty stand-in)', async () => {
    pair = await ptyPair();
    const ch = track(new VirtioSerialChannel({ method: 'virtio-serial', path: pair.a }));
    await ch.open();
    const host = openSync(pair.b, 'r+');
    try {
      const connected = once(ch, 'connect');
      const data = once<[Buffer]>(ch, 'data');
      writeSync(host, '{"execute":"guest-ping"}');
      await connected;
      expect((await data)[0].toString()).toBe('{"execute":"guest-ping"}');
      await ch.write(Buffer.from('{"return": {}}\n'));
      const buf = Buffer.alloc(64);
      const n = await readAsync(host, buf);
      expect(buf.subarray(0, n).toString()).toBe('{"return": {}}\n');
    } finally {
      closeSync(host);
    }
  });

  it('a write blocked on a host that does not read holds one pool thread; reads and other fs work go on', async () => {
    const pty = await openPty();
    const ch = track(new VirtioSerialChannel({ method: 'virtio-serial', path: pty.slave }));
    await ch.open();
    const host = pty.master;
    try {
      // Far more than the pty and socat buffers hold: stays pending until the host reads.
      const big = Buffer.alloc(4 * 1024 * 1024);
      for (let i = 0; i < big.length; i++) big[i] = i % 251;
      let done = false;
      const blocked = ch.write(big).then(() => (done = true));
      const second = ch.write(Buffer.from('after'));
      // Other threadpool work (a thaw would be a koffi .async ioctl; fs is the same pool).
      const dir = tempDir();
      for (let i = 0; i < 8; i++) expect((await readFile('/proc/self/stat')).length).toBeGreaterThan(0);
      execFileSync('true', { cwd: dir });
      // Reads still flow while the write is stuck.
      const data = once<[Buffer]>(ch, 'data');
      writeSync(host, 'sync');
      expect((await data)[0].toString()).toBe('sync');
      expect(done).toBe(false);
      // The host starts reading: everything arrives, in order, then the second write.
      const want = Buffer.concat([big, Buffer.from('after')]);
      const got = Buffer.alloc(want.length);
      let off = 0;
      while (off < got.length) off += await readAsync(host, got.subarray(off));
      await blocked;
      await second;
      expect(got.equals(want)).toBe(true);
    } finally {
      closeSync(host);
    }
  });

  it('close() rejects a write still waiting for the host', async () => {
    const pty = await openPty();
    const ch = track(new VirtioSerialChannel({ method: 'virtio-serial', path: pty.slave }));
    await ch.open();
    try {
      const outcome = (p: Promise<void>) => p.then(() => 'sent', (e: Error) => e.message);
      const blocked = outcome(ch.write(Buffer.alloc(4 * 1024 * 1024, 0x41)));
      const queued = outcome(ch.write(Buffer.from('behind it')));
      await ch.close();
      expect(await blocked).toBe('channel closed before the data reached the host');
      expect(await queued).toBe('channel closed before the data reached the host');
      await expect(ch.write(Buffer.from('x'))).rejects.toThrow(/channel is closed/);
    } finally {
      closeSync(pty.master); // the kernel write still in progress fails now and frees its thread
    }
  });

  it('treats read() == 0 as "host absent": hangup, sleeps, then connect + data when a host appears (FIFO, real kernel EOF)', async () => {
    const fifo = join(tempDir(), 'port');
    execFileSync('mkfifo', [fifo]);
    // A writer first, so opening the read side does not block; the channel reads only.
    let hostFd = openSync(fifo, 'r+');
    let reads = 0;
    const ch = track(
      new VirtioSerialChannel(
        { method: 'virtio-serial', path: fifo },
        {
          // A plain fd, not a FileHandle: the channel closes it, and a FileHandle would close it again on GC.
          openDevice: (p) => new Promise<number>((resolve, reject) => fsOpen(p, 'r', (e, fd) => (e ? reject(e) : resolve(fd)))),
          read: (fd, buf) => {
            reads++;
            return readAsync(fd, buf);
          },
          // The polling fallback (no signal from the kernel); the signal path is tested in a child below.
          hostSignal: { arm: () => false, count: () => 0, sleep: () => ({ done: Promise.resolve(), cancel: () => {} }) },
        },
      ),
    );
    await ch.open();
    const events: string[] = [];
    ch.on('connect', () => events.push('connect'));
    ch.on('hangup', () => events.push('hangup'));
    const hung = once(ch, 'hangup');
    closeSync(hostFd); // no writer left: read() returns 0 at once, like a virtio port without host
    await hung;
    // While absent, the loop sleeps between reads instead of spinning: wait for a few reads to happen.
    const before = reads;
    while (reads < before + 3) await new Promise((r) => setTimeout(r, 50));
    expect(events).toEqual(['hangup']);
    hostFd = openSync(fifo, 'r+');
    const data = once<[Buffer]>(ch, 'data');
    writeSync(hostFd, 'hello');
    expect((await data)[0].toString()).toBe('hello');
    expect(events).toEqual(['hangup', 'connect']);
    closeSync(hostFd);
    await once(ch, 'hangup');
    await ch.close();
    await ch.stopped();
  });

  it('with the port armed, an absent host costs no reads: the kernel signal wakes the reader (child process, FIFO)', async () => {
    // In a child: jest's sandboxed process object never receives signals.
    const fifo = join(tempDir(), 'port');
    execFileSync('mkfifo', [fifo]);
    let hostFd = openSync(fifo, 'r+');
    const script = bundleScript(
      'host-signal',
      `import { VirtioSerialChannel } from './virtio-serial.ts';
       import { open, read } from 'node:fs';
       let reads = 0;
       const ch = new VirtioSerialChannel({ method: 'virtio-serial', path: ${JSON.stringify(fifo)} }, {
         openDevice: (p) => new Promise((res, rej) => open(p, 'r', (e, fd) => (e ? rej(e) : res(fd)))),
         read: (fd, buf) => { reads++; return new Promise((res, rej) => read(fd, buf, 0, buf.length, null, (e, n) => (e ? rej(e) : res(n)))); },
         idleSignalMs: 600000, // only the kernel's signal can wake it in time
       });
       ch.on('warning', () => {});
       ch.once('hangup', () => setTimeout(() => { console.log('absent ' + reads); }, 300));
       ch.once('data', async (d) => { console.log('data ' + d.toString() + ' ' + reads); await ch.close(); process.exit(0); });
       await ch.open();`,
    );
    const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const lines: string[] = [];
    let notify: (() => void) | undefined;
    child.stdout.setEncoding('utf8').on('data', (t: string) => {
      lines.push(...t.trim().split('\n'));
      notify?.();
    });
    const line = (prefix: string) =>
      new Promise<string>((resolve) => {
        const look = () => {
          const l = lines.find((x) => x.startsWith(prefix));
          if (l) resolve(l);
        };
        notify = look;
        look();
      });
    await new Promise((r) => setTimeout(r, 200)); // let the child open its read side while a writer exists
    closeSync(hostFd); // no writer: read() returns 0, the host is "absent"
    // Read 1 saw EOF; the writer leaving also signalled, so read 2 checked again; then none
    // while absent (a poller would have read again within the 300 ms).
    expect(await line('absent')).toBe('absent 2');
    hostFd = openSync(fifo, 'r+');
    writeSync(hostFd, 'hello');
    expect(await line('data')).toBe('data hello 3');
    closeSync(hostFd);
    expect(await new Promise((r) => child.once('exit', r))).toBe(0);
  }, 30_000);

  it('EBUSY at open says another agent holds the port', async () => {
    const ch = new VirtioSerialChannel(
      { method: 'virtio-serial', path: '/dev/virtio-ports/org.qemu.guest_agent.0' },
      { openDevice: async () => Promise.reject(Object.assign(new Error('EBUSY: resource busy'), { code: 'EBUSY' })) },
    );
    await expect(ch.open()).rejects.toThrow(
      '/dev/virtio-ports/org.qemu.guest_agent.0 is in use by another process (another guest agent?): stop it first',
    );
    await expect(
      new VirtioSerialChannel({ method: 'virtio-serial', path: '/nonexistent/port' }).open(),
    ).rejects.toThrow(/does not exist: add a virtserialport/);
  });

  it('reopens after ENODEV, failing the writes that were pending, and keeps the port otherwise', async () => {
    let opens = 0;
    let step = 0;
    const feed: Array<() => Promise<number>> = [];
    const ch = track(
      new VirtioSerialChannel(
        { method: 'virtio-serial', path: '/dev/vport0p1' },
        {
          openDevice: async () => 100 + opens++,
          read: (fd, buf) => {
            step++;
            if (fd === 100 && step === 1) return Promise.reject(Object.assign(new Error('ENODEV'), { code: 'ENODEV' }));
            if (fd === 101 && feed.length === 0) {
              feed.push(async () => {
                buf.write('back');
                return 4;
              });
              return feed[0]!();
            }
            return new Promise<number>(() => {}); // host idle: the read stays pending
          },
          write: () => new Promise<number>(() => {}),
          closeFd: async () => {},
          reopenDelayMs: 10,
        },
      ),
    );
    const warnings: string[] = [];
    ch.on('warning', (w) => warnings.push(w));
    await ch.open();
    const data = once<[Buffer]>(ch, 'data');
    expect((await data)[0].toString()).toBe('back');
    expect(opens).toBe(2);
    expect(warnings[0]).toMatch(/read failed \(ENODEV\), reopening/);
    const pending = ch.write(Buffer.from('x'));
    await ch.close();
    await expect(pending).rejects.toThrow(/channel closed before the data reached the host/);
  });
});
