/**
 * guest-set-user-password and guest-ssh-get/add/remove-authorized-keys
 * (qemu-ga.md §2.3.4). Passwords and keys are never logged.
 */
import { setUserPassword, type SetPasswordDeps } from '@ga/guest-os/accounts/set-password';
import {
  addAuthorizedKeys,
  getAuthorizedKeys,
  removeAuthorizedKeys,
  type SshKeyDeps,
} from '@ga/guest-os/accounts/ssh-keys';
import type { Handlers } from '../handlers.js';
import { decodeBase64Arg } from './base64-arg.js';
import { asQga } from './qga-errors.js';

type AccountCommands =
  | 'guest-set-user-password'
  | 'guest-ssh-get-authorized-keys'
  | 'guest-ssh-add-authorized-keys'
  | 'guest-ssh-remove-authorized-keys';

export interface AccountDeps {
  password?: SetPasswordDeps;
  ssh?: SshKeyDeps;
}

export function createAccountHandlers(deps: AccountDeps = {}): Pick<Handlers, AccountCommands> {
  return {
    async 'guest-set-user-password'({ username, password, crypted }) {
      const raw = decodeBase64Arg(password);
      try {
        await asQga(() => setUserPassword(username, raw, crypted, deps.password));
      } finally {
        raw.fill(0);
      }
    },
    async 'guest-ssh-get-authorized-keys'({ username }) {
      return { keys: await asQga(() => getAuthorizedKeys(username, deps.ssh)) };
    },
    async 'guest-ssh-add-authorized-keys'({ username, keys, reset }) {
      await asQga(() => addAuthorizedKeys(username, keys, reset ?? false, deps.ssh));
    },
    async 'guest-ssh-remove-authorized-keys'({ username, keys }) {
      await asQga(() => removeAuthorizedKeys(username, keys, deps.ssh));
    },
  };
}

export const accountHandlers: Pick<Handlers, AccountCommands> = createAccountHandlers();
