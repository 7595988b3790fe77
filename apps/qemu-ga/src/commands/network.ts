// Placeholder written by helper E until the owning helper lands the real handlers.
import type { Handlers } from '../handlers.js';
import { QgaError } from '../errors.js';

const notYet = async (): Promise<never> => {
  throw new QgaError('not implemented yet');
};

export const networkHandlers: Pick<Handlers, 'guest-network-get-interfaces' | 'guest-network-get-route'> = {
  'guest-network-get-interfaces': notYet,
  'guest-network-get-route': notYet,
};
