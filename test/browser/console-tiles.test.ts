/**
 * The console map over tiles of either datum, in Chromium against a real hub: switching to GCJ-02 tiles
 * (Gaode) moves every point the hub sent in WGS-84 by the same few hundred metres against the tile grid,
 * and the choice is remembered. A worker whose position is older than two minutes is drawn hollow,
 * says so in the tooltip and counts in the legend.
 */
import { Client } from 'pg';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newTownshipSeed } from '../support/factories';
import { startTestHub } from '../support/hub';
import { ensurePagesBuilt, launchChromium } from '../support/browser';

type Hub = Awaited<ReturnType<typeof startTestHub>>;
interface Point {
  x: number;
  y: number;
}

/** A plain square for every tile request: offline, yet the tile images sit where their tiles belong. */
const TILE_SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256"><rect width="256" height="256" fill="#fff" stroke="#000"/></svg>';

describe('the console map over tiles of either kind', () => {
  let hub: Hub | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    ensurePagesBuilt();
    hub = await startTestHub({ seed: newTownshipSeed({ workers: 3 }) });
    // W1's last fix is ten minutes old; W2 and W3 reported just now (at seeding).
    const db = new Client({ connectionString: hub.databaseUrl });
    await db.connect();
    await db.query(`UPDATE worker SET position_at = now() - interval '10 minutes' WHERE code = 'W1'`);
    await db.end();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const origin = hub.url;
    await page.route(
      (url) => url.origin !== origin,
      (route) => route.fulfill({ status: 200, contentType: 'image/svg+xml', body: TILE_SVG }),
    );
  });

  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  /** Centre of an element on screen. */
  async function centre(selector: string): Promise<Point> {
    const box = await page.locator(selector).first().boundingBox();
    if (!box) throw new Error(`${selector} is not on screen`);
    return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  }

  /** Where a worker dot, a grid outline and one tile (by its z/x/y) are drawn. */
  async function positions(tile: { z: string; x: string; y: string }) {
    const tileSelector = `img.leaflet-tile[src*="/${tile.z}/${tile.x}/${tile.y}.png"], img.leaflet-tile[src*="x=${tile.x}&y=${tile.y}&z=${tile.z}"]`;
    return {
      worker: await centre('path[data-worker-id]'),
      grid: await centre('.leaflet-overlay-pane path:not([data-worker-id])'),
      tile: await centre(tileSelector),
    };
  }

  it('marks the worker whose position is stale', async () => {
    if (!hub) throw new Error('hub did not start');
    const operator = hub.seed.users.find((u) => u.role === 'operator');
    if (!operator) throw new Error('the test township has no operator');
    await page.goto(`${hub.url}/`);
    await page.fill('#username', operator.username);
    await page.fill('#password', operator.password);
    await page.click('#login-submit');
    await page.waitForURL(/console\.html/);
    await expect.poll(() => page.locator('path[data-worker-id]').count()).toBe(3);

    await expect.poll(() => page.locator('path.worker-stale').count()).toBe(1);
    expect(await page.textContent('[data-testid="stale-count"]')).toBe('1');
    const stale = page.locator('path.worker-stale');
    expect(await stale.getAttribute('stroke-dasharray')).toBe('3 3');
    await stale.dispatchEvent('mouseover');
    await expect.poll(() => page.textContent('.leaflet-tooltip')).toContain('定位过时（10 分钟前）');
    expect(pageErrors).toEqual([]);
  });

  it('moves points and polygons together onto GCJ-02 tiles, and remembers the choice', async () => {
    expect(await page.getAttribute('[data-testid="tile-switch"]', 'data-kind')).toBe('wgs84');
    // The map fits the township (an animated zoom) and loads that zoom's tiles. Leaflet may keep a tile of
    // the start-up zoom behind them (scaled, in a lower container): only the current zoom's container counts.
    await page.waitForSelector('.leaflet-overlay-pane path:not([data-worker-id])');
    await page.waitForSelector('.leaflet-container[data-fitted="true"]');
    const settled = () =>
      page.evaluate(() => {
        const top = [...document.querySelectorAll<HTMLElement>('.leaflet-tile-container')].sort((a, b) => Number(b.style.zIndex) - Number(a.style.zIndex))[0];
        const tiles = top ? [...top.querySelectorAll('img.leaflet-tile')] : [];
        return !document.querySelector('.leaflet-zoom-anim') && tiles.length > 0 && tiles.every((t) => t.classList.contains('leaflet-tile-loaded'));
      });
    await expect.poll(settled).toBe(true);
    // The tile under the worker: it stays on screen after the switch.
    const dot = await centre('path[data-worker-id]');
    const under = await page.evaluate(({ x, y }) => {
      const top = [...document.querySelectorAll<HTMLElement>('.leaflet-tile-container')].sort((a, b) => Number(b.style.zIndex) - Number(a.style.zIndex))[0];
      return [...(top?.querySelectorAll('img.leaflet-tile') ?? [])]
        .filter((img) => {
          const r = img.getBoundingClientRect();
          return x >= r.left && x < r.right && y >= r.top && y < r.bottom;
        })
        .map((img) => img.getAttribute('src') ?? '');
    }, dot);
    const [, z, x, y] = /\/(\d+)\/(\d+)\/(\d+)\.png/.exec(under[0] ?? '') ?? [];
    const tile = { z, x, y };
    const before = await positions(tile);

    await page.click('[data-testid="tiles-gcj02"]');
    await expect.poll(() => page.locator('img.leaflet-tile[src*="autonavi"]').count()).toBeGreaterThan(0);
    // The same tile from the other provider is in, and the points have been drawn again for its datum.
    await page.waitForSelector(`img.leaflet-tile-loaded[src*="x=${tile.x}&y=${tile.y}&z=${tile.z}"]`);
    await expect.poll(async () => JSON.stringify(await centre('path[data-worker-id]')) !== JSON.stringify(before.worker)).toBe(true);
    const after = await positions(tile);

    // Against the tile grid, the worker and the grid outline move by the same few dozen pixels, east and south.
    const moved = (k: 'worker' | 'grid') => ({
      dx: after[k].x - after.tile.x - (before[k].x - before.tile.x),
      dy: after[k].y - after.tile.y - (before[k].y - before.tile.y),
    });
    const worker = moved('worker');
    const grid = moved('grid');
    expect(worker.dx).toBeGreaterThan(10);
    expect(worker.dy).toBeGreaterThan(5);
    expect(Math.abs(grid.dx - worker.dx)).toBeLessThan(2);
    expect(Math.abs(grid.dy - worker.dy)).toBeLessThan(2);
    expect(await page.evaluate(() => localStorage.getItem('xiaonao.tileKind'))).toBe('gcj02');

    await page.reload();
    await page.waitForSelector('path[data-worker-id]');
    expect(await page.getAttribute('[data-testid="tile-switch"]', 'data-kind')).toBe('gcj02');
    await page.click('[data-testid="tiles-wgs84"]');
    expect(await page.getAttribute('[data-testid="tile-switch"]', 'data-kind')).toBe('wgs84');
    expect(pageErrors).toEqual([]);
  });
});
