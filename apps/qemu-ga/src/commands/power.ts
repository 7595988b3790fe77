// Placeholder written by helper E until the owning helper lands the real handlers.
import type { Handlers } from '../handlers.js';
import { QgaError } from '../errors.js';

const notYet = async (): Promise<never> => {
  throw new QgaError('not implemented yet');
};

export const powerHandlers: Pick<Handlers, 'guest-shutdown' | 'guest-suspend-disk' | 'guest-suspend-ram' | 'guest-suspend-hybrid'> = {
  'guest-shutdown': notYet,
  'guest-suspend-disk': notYet,
  'guest-suspend-ram': notYet,
  'guest-suspend-hybrid': notYet,
};
