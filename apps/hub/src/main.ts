/**
 * `node dist/apps/hub/src/main.js`: the hub alone, configured by the environment (see README).
 * SEED_FILE names a JSON TownshipSeed to load when its township is not there yet.
 */
import { readFileSync } from 'node:fs';
import type { TownshipSeed } from '@xiaonao/contracts';
import { ConfigError } from './config/hub-config';
import { startHub } from './start-hub';

function seedsFromEnv(): TownshipSeed[] {
  const file = process.env.SEED_FILE;
  return file ? [JSON.parse(readFileSync(file, 'utf8')) as TownshipSeed] : [];
}

startHub({ seeds: seedsFromEnv() })
  .then((hub) => {
    console.log(`小脑 hub listening on ${hub.url} (${hub.description})`);
    if (hub.metricsUrl) console.log(`指标 metrics: ${hub.metricsUrl}`);
    const stop = () => void hub.close().then(() => process.exit(0));
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  })
  .catch((error: unknown) => {
    console.error(error instanceof ConfigError ? `配置错误 / configuration error: ${error.message}` : error);
    process.exit(1);
  });
