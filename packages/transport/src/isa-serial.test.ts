import { afterEach, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { IsaSerialChannel } from './isa-serial.js';
import { once } from './test-util/net.js';
import { ptyPair, type PtyPair } from './test-util/pty.js';

let pair: PtyPair | undefined;
afterEach(() => pair?.stop());

describe('IsaSerialChannel over a pty pair', () => {
  it('moves bytes both ways untranslated ("\\n" stays "\\n") and locks the port', async () => {
    pair = await ptyPair();
    // Start from a cooked line discipline so the test proves the channel makes it raw.
    execFileSync('stty', ['-F', pair.a, 'opost', 'onlcr', 'icrnl', 'echo']);
    const ch = new IsaSerialChannel({ method: 'isa-serial', path: pair.a });
    ch.on('warning', () => {});
    await ch.open();
    try {
      const settings = execFileSync('stty', ['-F', pair.a, '-a']).toString();
      expect(settings).toMatch(/-opost/);
      expect(settings).toMatch(/-echo\b/);
      expect(settings).toMatch(/\b38400\b/);
      await expect(new IsaSerialChannel({ method: 'isa-serial', path: pair.a }).open()).rejects.toThrow(/another guest agent\?|lock/i);

      const host = openSync(pair.b, 'r+');
      try {
        const payload = Buffer.from('{"return": {}}\n\r\n\x00\xff', 'latin1');
        await ch.write(payload);
        const got = Buffer.alloc(payload.length);
        let n = 0;
        while (n < got.length) n += readSync(host, got, n, got.length - n, null);
        expect(got.equals(payload)).toBe(true);

        const data = once<[Buffer]>(ch, 'data');
        writeSync(host, Buffer.from('a\rb\n'));
        const chunks = [(await data)[0]];
        while (Buffer.concat(chunks).length < 4) chunks.push((await once<[Buffer]>(ch, 'data'))[0]);
        expect(Buffer.concat(chunks).toString('latin1')).toBe('a\rb\n');
      } finally {
        closeSync(host);
      }
    } finally {
      await ch.close();
    }
    await expect(ch.write(Buffer.from('x'))).rejects.toThrow(/not open/);
  });

  it('says what to do when the device is missing', async () => {
    await expect(new IsaSerialChannel({ method: 'isa-serial', path: '/dev/ttyNOPE9' }).open()).rejects.toThrow(/cannot open \/dev\/ttyNOPE9/);
  });
});
