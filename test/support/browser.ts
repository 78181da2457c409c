/** What every browser test needs: Debian's Chromium, how to start it here, and built pages. */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
/** Without the background-networking flags Chromium keeps calling out of this closed network. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];

/** `npm test` builds the pages first; a lone `vitest run test/browser` builds them here (when `file` is missing; WEB_DIR may point at another build). */
export function ensurePagesBuilt(file = 'console.html'): void {
  if (process.env.WEB_DIR || existsSync(`${repoRoot}/apps/web/dist/${file}`)) return;
  execFileSync('npx', ['vite', 'build', '--config', 'apps/web/vite.config.mts'], { cwd: repoRoot, stdio: 'ignore' });
}
