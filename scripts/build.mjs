// Compiles the server-side TypeScript (apps, libs, bench) to CommonJS in dist/ with SWC.
// SWC keeps decorator metadata (NestJS DI needs it) and rewrites the @xiaonao/* aliases to
// relative paths, so `node dist/...` runs without a path-mapping hook. Type checking is `npm run check`.
import { transformFile } from '@swc/core';
import { mkdir, readdir, writeFile, rm } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const sources = ['apps/hub/src', 'apps/sim/src', 'libs/domain/src', 'libs/contracts/src', 'bench'];
const out = join(root, 'dist');

async function* walk(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts')) yield path;
  }
}

await rm(out, { recursive: true, force: true });
let count = 0;
const jobs = [];
for (const source of sources) {
  for await (const file of walk(join(root, source))) {
    jobs.push(
      transformFile(file, {
        swcrc: false,
        sourceMaps: 'inline',
        module: { type: 'commonjs' },
        jsc: {
          target: 'es2022',
          baseUrl: root,
          paths: {
            '@xiaonao/domain': ['libs/domain/src/index.ts'],
            '@xiaonao/contracts': ['libs/contracts/src/index.ts'],
          },
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
          keepClassNames: true,
        },
      }).then(async ({ code }) => {
        const target = join(out, relative(root, file)).replace(/\.ts$/, '.js');
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, code.replace(/(require\("\.[^"]*?)\.ts"\)/g, '$1.js")'));
        count++;
      }),
    );
  }
}
await Promise.all(jobs);
console.log(`built ${count} files into dist/`);
