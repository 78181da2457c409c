/**
 * `node dist/apps/hub/src/main.js`: the hub alone, configured by the environment (see README).
 * SEED_FILE names a JSON TownshipSeed to load when its township is not there yet.
 */
import { readFileSync } from 'node:fs';
import type { TownshipSeed } from '@xiaonao/contracts';
import { ConfigError } from './config/hub-config';
import { startHub, type RunningHub } from './start-hub';

function seedsFromEnv(): TownshipSeed[] {
  const file = process.env.SEED_FILE;
  return file ? [JSON.parse(readFileSync(file, 'utf8')) as TownshipSeed] : [];
}

let hub: RunningHub | null = null;
let stopping = false;
/** Closes the hub once (or, still starting, ends the process as the signal would have); later calls change nothing. */
const stop = () => {
  if (stopping) return;
  stopping = true;
  void (hub?.close() ?? Promise.resolve())
    .catch((error: unknown) => console.error(error))
    .then(() => process.exit(0));
};
// Every signal, not once: a Ctrl-C under `npm run hub` reaches the hub twice (from the terminal and through
// the launcher, scripts/start.mjs), and the second must not kill it half-way through closing.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, stop);
// Started by the launcher, with an IPC channel: it closes when the launcher is gone, even killed outright.
if (process.send) process.on('disconnect', stop);

startHub({ seeds: seedsFromEnv() })
  .then((started) => {
    hub = started;
    console.log(`小脑 hub listening on ${started.url} (${started.description})`);
    if (started.metricsUrl) console.log(`指标 metrics: ${started.metricsUrl}`);
  })
  .catch((error: unknown) => {
    console.error(error instanceof ConfigError ? `配置错误 / configuration error: ${error.message}` : error);
    process.exit(1);
  });
