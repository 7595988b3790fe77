// Placeholder written by helper E until the owning helper lands the real handlers.
import type { Handlers } from '../handlers.js';
import { QgaError } from '../errors.js';

const notYet = async (): Promise<never> => {
  throw new QgaError('not implemented yet');
};

export const accountHandlers: Pick<Handlers, 'guest-set-user-password' | 'guest-ssh-get-authorized-keys' | 'guest-ssh-add-authorized-keys' | 'guest-ssh-remove-authorized-keys'> = {
  'guest-set-user-password': notYet,
  'guest-ssh-get-authorized-keys': notYet,
  'guest-ssh-add-authorized-keys': notYet,
  'guest-ssh-remove-authorized-keys': notYet,
};
