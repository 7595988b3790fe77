// Placeholder written by helper E until the owning helper lands the real handlers.
import type { Handlers } from '../handlers.js';
import { QgaError } from '../errors.js';

const notYet = async (): Promise<never> => {
  throw new QgaError('not implemented yet');
};

export const fileHandlers: Pick<Handlers, 'guest-file-open' | 'guest-file-close' | 'guest-file-read' | 'guest-file-write' | 'guest-file-seek' | 'guest-file-flush'> = {
  'guest-file-open': notYet,
  'guest-file-close': notYet,
  'guest-file-read': notYet,
  'guest-file-write': notYet,
  'guest-file-seek': notYet,
  'guest-file-flush': notYet,
};
