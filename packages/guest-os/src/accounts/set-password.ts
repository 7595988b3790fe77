import { findProgram } from '../exec/find-program.js';
import { runCommand, type CommandRunner } from '../exec/run-command.js';

export interface SetPasswordDeps {
  run?: CommandRunner;
  /** Resolves chpasswd in PATH; undefined when absent. */
  findChpasswd?: () => Promise<string | undefined>;
}

const defaultFindChpasswd = async (): Promise<string | undefined> => {
  const r = await findProgram('chpasswd', process.env.PATH);
  return 'path' in r ? r.path : undefined;
};

/**
 * guest-set-user-password with the password already base64-decoded. Like
 * qemu-ga the password ends at its first NUL byte (it is a C string); a
 * newline in it, or a newline/colon in the user name, would inject another
 * chpasswd line and is refused. Pipes `user:password\n` into chpasswd (`-e`
 * when already crypted). The password never appears in an argument, a log or
 * an error text.
 */
export async function setUserPassword(
  username: string,
  password: Buffer,
  crypted: boolean,
  deps: SetPasswordDeps = {},
): Promise<void> {
  const nul = password.indexOf(0);
  const raw = nul >= 0 ? password.subarray(0, nul) : password;
  if (raw.includes(0x0a)) throw new Error('forbidden characters in raw password');
  if (username.includes('\n') || username.includes(':')) throw new Error('forbidden characters in username');
  const chpasswd = await (deps.findChpasswd ?? defaultFindChpasswd)();
  if (chpasswd === undefined) throw new Error("cannot find 'passwd' program in PATH");
  const userBytes = Buffer.from(username, 'utf8');
  const userName = userBytes.indexOf(0) >= 0 ? userBytes.subarray(0, userBytes.indexOf(0)) : userBytes;
  const stdin = Buffer.concat([userName, Buffer.from(':'), raw, Buffer.from('\n')]);
  let result;
  try {
    result = await (deps.run ?? runCommand)(chpasswd, crypted ? ['-e'] : [], { stdin, argv0: 'chpasswd' });
  } catch {
    result = { exitCode: 1, signal: null };
  } finally {
    stdin.fill(0);
  }
  if (result.exitCode === null) throw new Error('child process has terminated abnormally');
  if (result.exitCode !== 0) throw new Error('child process has failed to set user password');
}
