// Placeholder written by helper E until the owning helper lands the real handlers.
import type { Handlers } from '../handlers.js';
import { QgaError } from '../errors.js';

const notYet = async (): Promise<never> => {
  throw new QgaError('not implemented yet');
};

export const timeHandlers: Pick<Handlers, 'guest-set-time'> = {
  'guest-set-time': notYet,
};
