// Placeholder written by helper E until the owning helper lands the real handlers.
import type { Handlers } from '../handlers.js';
import { QgaError } from '../errors.js';

const notYet = async (): Promise<never> => {
  throw new QgaError('not implemented yet');
};

export const execHandlers: Pick<Handlers, 'guest-exec' | 'guest-exec-status'> = {
  'guest-exec': notYet,
  'guest-exec-status': notYet,
};
