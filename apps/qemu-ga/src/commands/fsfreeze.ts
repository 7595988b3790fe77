// Placeholder written by helper E until the owning helper lands the real handlers.
import type { Handlers } from '../handlers.js';
import { QgaError } from '../errors.js';

const notYet = async (): Promise<never> => {
  throw new QgaError('not implemented yet');
};

export const fsfreezeHandlers: Pick<Handlers, 'guest-fsfreeze-status' | 'guest-fsfreeze-freeze' | 'guest-fsfreeze-freeze-list' | 'guest-fsfreeze-thaw' | 'guest-fstrim'> = {
  'guest-fsfreeze-status': notYet,
  'guest-fsfreeze-freeze': notYet,
  'guest-fsfreeze-freeze-list': notYet,
  'guest-fsfreeze-thaw': notYet,
  'guest-fstrim': notYet,
};
