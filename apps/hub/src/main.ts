/** `node dist/apps/hub/src/main.js`: the hub alone, configured by the environment (see README). */
import { ConfigError } from './config/hub-config';
import { startHub } from './start-hub';

startHub().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? `配置错误 / configuration error: ${error.message}` : error);
  process.exit(1);
});
