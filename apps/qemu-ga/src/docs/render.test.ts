import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderCommandsDoc } from './render.js';

describe('docs/commands.md', () => {
  it('matches the schema and options (run `npm run gen-docs` in apps/qemu-ga after changing them)', () => {
    const path = fileURLToPath(new URL('../../docs/commands.md', import.meta.url));
    expect(readFileSync(path, 'utf8')).toBe(renderCommandsDoc());
  });
});
