/** What every browser test needs: Debian's Chromium, how to start it here, and built pages. */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { HOOK_TIMEOUT_MS, STATE_WAIT_MS } from './patience';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
/** Without the background-networking flags Chromium keeps calling out of this closed network. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];

/**
 * Chromium for a test, whose every context (and page, `newPage` opens one) waits for elements,
 * clicks and navigations as long as any wait on state in the suite (test/support/patience.ts), not
 * Playwright's own 30 s: on a loaded machine a page's first render after login took longer.
 */
export async function launchChromium(): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: HOOK_TIMEOUT_MS });
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    context.setDefaultTimeout(STATE_WAIT_MS);
    context.setDefaultNavigationTimeout(STATE_WAIT_MS);
    return context;
  };
  return browser;
}

/** `npm test` builds the pages first; a lone `vitest run test/browser` builds them here (when `file` is missing; WEB_DIR may point at another build). */
export function ensurePagesBuilt(file = 'console.html'): void {
  if (process.env.WEB_DIR || existsSync(`${repoRoot}/apps/web/dist/${file}`)) return;
  execFileSync('npx', ['vite', 'build', '--config', 'apps/web/vite.config.mts'], { cwd: repoRoot, stdio: 'ignore' });
}
