// guest-ssh-{get,add,remove}-authorized-keys for an account that exists only
// in the agent's mount namespace (agents.ts TEST_USER), home in the temp dir.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from '@jest/globals';
import { TEST_USER } from './agents.js';
import { conform, type ConformanceCase } from './conform.js';
import type { Session } from './session.js';

const K1 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl one@host';
const K2 = 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 two@host';

/** Records the authorized_keys file as the guest sees it: contents, mode, owner. */
function noteKeysFile(s: Session): void {
  const ssh = join(s.agent.dir, 'home', TEST_USER, '.ssh');
  const file = join(ssh, 'authorized_keys');
  if (!existsSync(file)) {
    s.note(`file: (none)${existsSync(ssh) ? ', .ssh exists' : ''}`);
    return;
  }
  const st = statSync(file);
  const dir = statSync(ssh);
  s.note(`file: mode ${(st.mode & 0o777).toString(8)} uid ${st.uid} gid ${st.gid}; .ssh mode ${(dir.mode & 0o777).toString(8)} uid ${dir.uid}`);
  s.note(`contents: ${JSON.stringify(readFileSync(file, 'utf8'))}`);
}

const cmd = (execute: string, args: Record<string, unknown>): string => JSON.stringify({ execute, arguments: { username: TEST_USER, ...args } });

const cases: ConformanceCase[] = [
  {
    name: 'ssh keys: get, add, reset, remove for a namespace-only user',
    testUser: true,
    run: async (s) => {
      await s.req(cmd('guest-ssh-get-authorized-keys', {}));
      noteKeysFile(s);
      await s.req(cmd('guest-ssh-add-authorized-keys', { keys: [K1] }));
      noteKeysFile(s);
      await s.req(cmd('guest-ssh-add-authorized-keys', { keys: [K1, K2] }));
      noteKeysFile(s);
      await s.req(cmd('guest-ssh-get-authorized-keys', {}));
      await s.req(cmd('guest-ssh-remove-authorized-keys', { keys: [K1, 'ssh-rsa AAAAnotthere x'] }));
      noteKeysFile(s);
      await s.req(cmd('guest-ssh-add-authorized-keys', { keys: [K1], reset: true }));
      noteKeysFile(s);
      await s.req(cmd('guest-ssh-add-authorized-keys', { keys: [], reset: true }));
      noteKeysFile(s);
    },
  },
  {
    name: 'ssh keys: invalid keys and unknown users',
    testUser: true,
    run: async (s) => {
      await s.req(cmd('guest-ssh-add-authorized-keys', { keys: ['not a key'] }));
      await s.req(cmd('guest-ssh-add-authorized-keys', { keys: ['ssh-rsa AAAA!!!! x'] }));
      await s.req(cmd('guest-ssh-add-authorized-keys', { keys: ['ssh-rsa AAAA\nssh-rsa BBBB'] }));
      await s.req(cmd('guest-ssh-remove-authorized-keys', { keys: [K1] }));
      noteKeysFile(s);
      await s.req(JSON.stringify({ execute: 'guest-ssh-add-authorized-keys', arguments: { username: 'no-such-user-qga', keys: [K1] } }));
      await s.req(JSON.stringify({ execute: 'guest-ssh-remove-authorized-keys', arguments: { username: 'no-such-user-qga', keys: [K1] } }));
    },
  },
];

describe('conformance: ssh authorized keys (namespace-only account)', () => {
  for (const c of cases) it(c.name, () => conform(c), 120_000);
});
