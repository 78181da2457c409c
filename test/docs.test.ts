import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain ESM script without type declarations
import { renderSocketDocs } from '../scripts/render-socket-docs.mjs';

describe('the socket events document', () => {
  it('matches the typed contracts (run `npm run docs` after changing them)', () => {
    expect(readFileSync('docs/socket-events.md', 'utf8')).toBe((renderSocketDocs as () => string)());
  });
});
