/**
 * `node dist/bench/support/city-seeder.js SEEDS.json`: loads a generated city into the database through
 * the hub's own seeding (migrations, then one transaction per township), then stops. A child process,
 * so the bench never hosts a hub in its own event loop.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { TownshipSeed } from '@xiaonao/contracts';
import { startHub } from '../../apps/hub/src/start-hub';

async function main(): Promise<void> {
  const seeds = JSON.parse(readFileSync(process.argv[2], 'utf8')) as TownshipSeed[];
  const start = performance.now();
  const hub = await startHub({ seeds });
  const created = hub.townships.filter((t) => t.created).length;
  await hub.close();
  console.log(`seeded ${created}/${seeds.length} townships in ${Math.round(performance.now() - start)} ms`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
