import { describe, expect, it } from '@jest/globals';
import { runCommand } from './run-command.js';

describe('runCommand (real helper processes)', () => {
  it('reports exit codes and signals', async () => {
    expect(await runCommand('sh', ['-c', 'exit 4'])).toEqual({ exitCode: 4, signal: null });
    expect(await runCommand('sh', ['-c', 'kill -TERM $$'])).toEqual({ exitCode: null, signal: 15 });
  });

  it('feeds stdin and runs in a new session', async () => {
    const script = 'read line; [ "$line" = "user:pw" ] || exit 1; [ "$(ps -o sid= -p $$ | tr -d " ")" = "$$" ]';
    expect(await runCommand('sh', ['-c', script], { stdin: Buffer.from('user:pw\n') })).toEqual({
      exitCode: 0,
      signal: null,
    });
  });

  it('rejects with ENOENT when the program does not exist', async () => {
    await expect(runCommand('/nonexistent/helper', [])).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
