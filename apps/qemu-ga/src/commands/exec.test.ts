import { describe, expect, it } from '@jest/globals';
import { Base64Blob } from '../reply/base64-blob.js';
import type { GuestExecStatusOut } from '../schema/types.js';
import { captureMode, execHandlers as h } from './exec.js';
import { fakeContext, type FakeContext } from '../__fixtures__/fake-context.js';

async function finish(ctx: FakeContext, pid: number): Promise<GuestExecStatusOut> {
  for (;;) {
    const st = await h['guest-exec-status']({ pid }, ctx);
    if (st.exited) return st;
    await new Promise((r) => setTimeout(r, 10));
  }
}
const text = (v: unknown) => (v as Base64Blob).bytes.toString();

describe('guest-exec handlers with real processes (§8 cases 54-62)', () => {
  it('54/55: captures output as Base64Blobs and reaps the record', async () => {
    const ctx = fakeContext({ stateDir: '/nonexistent' });
    const { pid } = await h['guest-exec']({ path: 'sh', arg: ['-c', 'echo out; echo err >&2; exit 3'], 'capture-output': true }, ctx);
    const st = await finish(ctx, pid);
    expect(st.exitcode).toBe(3);
    expect(text(st['out-data'])).toBe('out\n');
    expect(text(st['err-data'])).toBe('err\n');
    expect([st['out-truncated'], st['err-truncated']]).toEqual([false, false]);
    await expect(h['guest-exec-status']({ pid }, ctx)).rejects.toThrow("Invalid parameter 'pid'");
  });

  it('57/59: feeds input-data; without capture only exitcode', async () => {
    const ctx = fakeContext({ stateDir: '/nonexistent' });
    const cat = await h['guest-exec']({ path: '/bin/cat', 'input-data': 'c3RkaW4gZGF0YQo=', 'capture-output': 'merged' }, ctx);
    expect(text((await finish(ctx, cat.pid))['out-data'])).toBe('stdin data\n');
    const none = await h['guest-exec']({ path: '/bin/echo' }, ctx);
    expect(await finish(ctx, none.pid)).toEqual({ exited: true, exitcode: 0 });
  });

  it('60/62: wire texts for a missing binary, bad input-data and an unknown pid', async () => {
    const ctx = fakeContext({ stateDir: '/nonexistent' });
    await expect(h['guest-exec']({ path: '/nonexistent/binary' }, ctx)).rejects.toThrow(
      "Guest agent command failed, error was 'Failed to execute child process \u201C/nonexistent/binary\u201D (No such file or directory)'",
    );
    await expect(h['guest-exec']({ path: '/bin/cat', 'input-data': '!!' }, ctx)).rejects.toThrow(
      'Base64 data contains invalid characters',
    );
    await expect(h['guest-exec-status']({ pid: 99999 }, ctx)).rejects.toThrow("Invalid parameter 'pid'");
  });

  it('never logs arguments or environment', async () => {
    const ctx = fakeContext({ stateDir: '/nonexistent' });
    const { pid } = await h['guest-exec']({ path: '/bin/echo', arg: ['topsecret'], env: ['TOKEN=hunter2'] }, ctx);
    await finish(ctx, pid);
    expect(ctx.lines.join('\n')).not.toMatch(/topsecret|hunter2/);
  });

  it('maps capture-output forms', () => {
    expect([captureMode(undefined), captureMode(false), captureMode(true), captureMode('stderr')]).toEqual([
      'none',
      'none',
      'separated',
      'stderr',
    ]);
  });
});
