import { describe, expect, it } from '@jest/globals';
import { PassThrough } from 'node:stream';
import winston from 'winston';
import { BatchedFdStream } from './batched-fd-stream.js';
import { createJournalLogger, journalTransport } from './journal-logger.js';

function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return { stream, text: () => Buffer.concat(chunks).toString() };
}

describe('createJournalLogger', () => {
  it('prefixes each line with its sd-daemon priority and the tag; debug only when verbose', async () => {
    const out = capture();
    const log = createJournalLogger({ tag: 'ovirt-agent', verbose: false, stream: out.stream });
    log.error('e');
    log.warn('w');
    log.info('i');
    log.debug('hidden');
    await log.close();
    expect(out.text()).toBe('<3>ovirt-agent: e\n<4>ovirt-agent: w\n<6>ovirt-agent: i\n');
  });

  it('writes debug lines at priority 7 when verbose, all flushed by close()', async () => {
    const out = capture();
    const log = createJournalLogger({ tag: 'spice-vdagentd', verbose: true, stream: out.stream });
    for (let n = 0; n < 100; n++) log.debug(`d${n}`);
    await log.close();
    const lines = out.text().split('\n');
    expect(lines).toHaveLength(101);
    expect(lines[0]).toBe('<7>spice-vdagentd: d0');
    expect(lines[99]).toBe('<7>spice-vdagentd: d99');
  });
});

describe('journalTransport', () => {
  it('takes the tag from the level when given a function (qemu-ga style)', async () => {
    const out = capture();
    const logger = winston.createLogger({ level: 'info', transports: [journalTransport(out.stream, (level) => level)] });
    logger.warn('frozen');
    logger.info('ready');
    await new Promise<void>((resolve) => {
      logger.once('finish', () => resolve());
      logger.end();
    });
    expect(out.text()).toBe('<4>warn: frozen\n<6>info: ready\n');
  });

  it('appends to a BatchedFdStream without its Writable side, one write(2) per turn', async () => {
    const writes: string[] = [];
    const stream = new BatchedFdStream(99, { write: (_fd, data) => void writes.push(data.toString()) });
    const logger = winston.createLogger({ level: 'info', transports: [journalTransport(stream, 'agent')] });
    logger.info('a');
    logger.error('é');
    expect(writes).toEqual([]);
    await new Promise((r) => setImmediate(r));
    expect(writes).toEqual(['<6>agent: a\n<3>agent: é\n']);
    stream.end();
  });
});
