/**
 * The SSO credentials block the greeter's PAM module (pam_ovirt_cred) and
 * the Windows credential provider read (ovirt-guest-agent.md §3, login):
 * big-endian uint32 byte length of the UTF-8 user name, the user name, the
 * UTF-8 password, one NUL byte. Callers wipe it (fill(0)) after use.
 */
export function packCredentials(username: string, password: string): Buffer {
  const user = Buffer.from(username, 'utf8');
  const pass = Buffer.from(password, 'utf8');
  const block = Buffer.alloc(4 + user.length + pass.length + 1);
  block.writeUInt32BE(user.length, 0);
  user.copy(block, 4);
  pass.copy(block, 4 + user.length);
  // The temporaries held the secret too.
  user.fill(0);
  pass.fill(0);
  return block;
}

/** The inverse, for tests and the simulator's greeter stand-in. */
export function unpackCredentials(block: Buffer): { username: string; password: string } | undefined {
  if (block.length < 5 || block[block.length - 1] !== 0) return undefined;
  const n = block.readUInt32BE(0);
  if (4 + n > block.length - 1) return undefined;
  return { username: block.toString('utf8', 4, 4 + n), password: block.toString('utf8', 4 + n, block.length - 1) };
}
