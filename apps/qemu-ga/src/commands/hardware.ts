// Placeholder written by helper E until the owning helper lands the real handlers.
import type { Handlers } from '../handlers.js';
import { QgaError } from '../errors.js';

const notYet = async (): Promise<never> => {
  throw new QgaError('not implemented yet');
};

export const hardwareHandlers: Pick<Handlers, 'guest-get-vcpus' | 'guest-set-vcpus' | 'guest-get-memory-blocks' | 'guest-set-memory-blocks' | 'guest-get-memory-block-info'> = {
  'guest-get-vcpus': notYet,
  'guest-set-vcpus': notYet,
  'guest-get-memory-blocks': notYet,
  'guest-set-memory-blocks': notYet,
  'guest-get-memory-block-info': notYet,
};
