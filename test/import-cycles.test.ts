/**
 * No module imports itself back, through any chain, type-only imports included: a cycle is how the
 * intake path once passed through the same three files in a circle. dpdm walks the imports as
 * TypeScript resolves them (tsconfig paths included).
 */
import { resolve } from 'node:path';
import { parseCircular, parseDependencyTree } from 'dpdm';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');

describe('the import graph', () => {
  it('has no cycles in apps, libs, test and bench', async () => {
    const tree = await parseDependencyTree(['apps/**/*.ts', 'libs/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'], {
      context: ROOT,
      cwd: ROOT,
      tsconfig: resolve(ROOT, 'tsconfig.json'),
      transform: false,
      skipDynamicImports: false,
      exclude: /node_modules|\/dist\//,
    });
    expect(parseCircular(tree).map((cycle) => cycle.join(' → '))).toEqual([]);
  });
});
