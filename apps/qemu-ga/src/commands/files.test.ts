import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Base64Blob } from '../reply/base64-blob.js';
import { Base64Source } from '../reply/base64-source.js';
import { fakeContext } from '../__fixtures__/fake-context.js';
import { fileHandlers as h, fileTableFor } from './files.js';

const b64 = (v: unknown) => (v as Base64Blob).bytes.toString();

describe('guest-file-* handlers on real files (§8 cases 47-53)', () => {
  it('runs the open/write/seek/read/close cycle with qemu-ga replies', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'qga-files-'));
    const ctx = fakeContext({ stateDir: dir });
    await expect(h['guest-file-open']({ path: '/nonexistent/x' }, ctx)).rejects.toThrow(
      "failed to open file '/nonexistent/x' (mode: 'r'): No such file or directory",
    );
    await expect(h['guest-file-open']({ path: join(dir, 'x'), mode: 'zz' }, ctx)).rejects.toThrow(
      "invalid file open mode 'zz'",
    );
    const hd = await h['guest-file-open']({ path: join(dir, 'f'), mode: 'w+' }, ctx);
    expect(hd).toBe(1000);
    expect(await h['guest-file-write']({ handle: hd, 'buf-b64': 'aGVsbG8gd29ybGQK' }, ctx)).toEqual({ count: 12, eof: false });
    await expect(h['guest-file-write']({ handle: hd, 'buf-b64': 'aGVsbG8gd29ybGQK', count: 100 }, ctx)).rejects.toThrow(
      "value '100' is invalid for argument count",
    );
    await expect(h['guest-file-write']({ handle: hd, 'buf-b64': '!!notb64' }, ctx)).rejects.toThrow(
      'Base64 data contains invalid characters',
    );
    await expect(h['guest-file-write']({ handle: 999, 'buf-b64': '!!notb64' }, ctx)).rejects.toThrow(
      "handle '999' has not been found",
    );
    expect(await h['guest-file-seek']({ handle: hd, offset: 0, whence: 'set' }, ctx)).toEqual({ position: 0, eof: false });
    expect(await h['guest-file-seek']({ handle: hd, offset: 0, whence: 1 }, ctx)).toEqual({ position: 0, eof: false });
    await expect(h['guest-file-seek']({ handle: hd, offset: 0, whence: 7 }, ctx)).rejects.toThrow('invalid whence code 7');
    const r = await h['guest-file-read']({ handle: hd }, ctx);
    expect(r['buf-b64']).toBeInstanceOf(Base64Blob);
    expect([r.count, b64(r['buf-b64']), r.eof]).toEqual([12, 'hello world\n', true]);
    const end = await h['guest-file-read']({ handle: hd }, ctx);
    expect([end.count, b64(end['buf-b64']), end.eof]).toEqual([0, '', true]);
    await expect(h['guest-file-read']({ handle: hd, count: -1 }, ctx)).rejects.toThrow("value '-1' is invalid for argument count");
    await h['guest-file-flush']({ handle: hd }, ctx);
    await h['guest-file-close']({ handle: hd }, ctx);
    await expect(h['guest-file-close']({ handle: hd }, ctx)).rejects.toThrow(`handle '${hd}' has not been found`);
    expect(ctx.lines).toContain(`audit: guest-file-open called, filepath: ${join(dir, 'f')}, mode: w+`);
    expect(ctx.lines.join('\n')).not.toContain('hello');
  });

  it('keeps numbering across an agent restart (new context, same state dir)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'qga-files-'));
    await writeFile(join(dir, 'a'), 'x');
    const first = fakeContext({ stateDir: dir });
    expect(await h['guest-file-open']({ path: join(dir, 'a') }, first)).toBe(1000);
    await fileTableFor(first).closeAll();
    const second = fakeContext({ stateDir: dir });
    expect(await h['guest-file-open']({ path: join(dir, 'a') }, second)).toBe(1001);
    await fileTableFor(second).closeAll();
    expect(await readFile(join(dir, 'qga.state'), 'utf8')).toBe('[global]\nfd_counter=1002\n');
  });

  it('streams a 48 MiB read of a regular file from the fd (Base64Source), and counts and eof follow fread', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'qga-files-'));
    const path = join(dir, 'big');
    const data = randomBytes(48 * 1024 * 1024);
    await writeFile(path, data);
    const ctx = fakeContext({ stateDir: dir });
    const hd = await h['guest-file-open']({ path }, ctx);
    const r = await h['guest-file-read']({ handle: hd, count: 48 * 1024 * 1024 }, ctx);
    expect(r.count).toBe(48 * 1024 * 1024);
    expect(r.eof).toBe(false);
    const src = r['buf-b64'] as unknown as Base64Source;
    expect(src).toBeInstanceOf(Base64Source);
    expect(src.length).toBe(48 * 1024 * 1024);
    let off = 0;
    let same = true;
    for await (const piece of src.chunks()) {
      same &&= piece.equals(data.subarray(off, off + piece.length));
      off += piece.length;
    }
    expect(off).toBe(48 * 1024 * 1024);
    expect(same).toBe(true);
    // Nothing left: fread hits EOF at once.
    const end = await h['guest-file-read']({ handle: hd, count: 2 * 1024 * 1024 }, ctx);
    expect(end).toMatchObject({ count: 0, eof: true });
    await h['guest-file-seek']({ handle: hd, offset: -1024 * 1024, whence: 'end' }, ctx);
    const exact = await h['guest-file-read']({ handle: hd, count: 1024 * 1024 }, ctx);
    expect(exact).toMatchObject({ count: 1024 * 1024, eof: false }); // exactly what is left: no EOF yet
    await h['guest-file-seek']({ handle: hd, offset: -1024 * 1024, whence: 'end' }, ctx);
    const short = await h['guest-file-read']({ handle: hd, count: 3 * 1024 * 1024 }, ctx);
    expect(short).toMatchObject({ count: 1024 * 1024, eof: true });
    await expect(h['guest-file-read']({ handle: hd, count: 50331649 }, ctx)).rejects.toThrow(
      "value '50331649' is invalid for argument count",
    );
    await h['guest-file-close']({ handle: hd }, ctx);
  });

  it('reads files whose size stat cannot tell (/proc) into one Base64Blob', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'qga-files-'));
    const ctx = fakeContext({ stateDir: dir });
    const hd = await h['guest-file-open']({ path: '/proc/self/status' }, ctx);
    const r = await h['guest-file-read']({ handle: hd, count: 2 * 1024 * 1024 }, ctx);
    expect(r['buf-b64']).toBeInstanceOf(Base64Blob);
    expect(r.eof).toBe(true);
    expect((r['buf-b64'] as Base64Blob).bytes.toString()).toContain('VmRSS');
    await h['guest-file-close']({ handle: hd }, ctx);
  });
});
