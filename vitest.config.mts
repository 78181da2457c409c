import { fileURLToPath } from 'node:url';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';
import { HOOK_TIMEOUT_MS, POLL_INTERVAL_MS, STATE_WAIT_MS, TEST_TIMEOUT_MS } from './test/support/patience';

const lib = (name: string) => fileURLToPath(new URL(`./libs/${name}/src/index.ts`, import.meta.url));

export default defineConfig({
  // SWC instead of esbuild: NestJS dependency injection needs emitted decorator metadata.
  plugins: [swc.vite({ module: { type: 'es6' }, jsc: { target: 'es2022', transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false } } })],
  resolve: { alias: { '@xiaonao/domain': lib('domain'), '@xiaonao/contracts': lib('contracts') } },
  test: {
    include: ['libs/**/*.spec.ts', 'apps/**/*.spec.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Deadlines for a busy 2-core CI machine, scaled by TEST_TIME_SCALE (test/support/patience.ts).
    testTimeout: TEST_TIMEOUT_MS,
    hookTimeout: HOOK_TIMEOUT_MS,
    expect: { poll: { timeout: STATE_WAIT_MS, interval: POLL_INTERVAL_MS } },
    // End-to-end suites start hubs on fixed databases; run files one at a time on a 2-core machine.
    fileParallelism: false,
    reporters: ['default', './test/summary-reporter.ts'],
  },
});
