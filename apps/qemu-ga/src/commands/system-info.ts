// Placeholder written by helper E until the owning helper lands the real handlers.
import type { Handlers } from '../handlers.js';
import { QgaError } from '../errors.js';

const notYet = async (): Promise<never> => {
  throw new QgaError('not implemented yet');
};

export const systemInfoHandlers: Pick<Handlers, 'guest-get-host-name' | 'guest-get-osinfo' | 'guest-get-timezone' | 'guest-get-time' | 'guest-get-users' | 'guest-get-load' | 'guest-get-cpustats'> = {
  'guest-get-host-name': notYet,
  'guest-get-osinfo': notYet,
  'guest-get-timezone': notYet,
  'guest-get-time': notYet,
  'guest-get-users': notYet,
  'guest-get-load': notYet,
  'guest-get-cpustats': notYet,
};
