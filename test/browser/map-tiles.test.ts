/**
 * The console map and its base map, in Chromium against a real hub: with the tile server unreachable
 * the map says so and still draws grids, workers and cases; workers carry their names and grid names
 * never overlap at the zoom the console opens at; a township's own tile source (set over the API) is
 * the one the page asks for.
 */
import request from 'supertest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAP_TILES_API, type MapTilesRequest, type TownshipSeed } from '@xiaonao/contracts';
import { bearer, loginAs, postCase } from '../support/clients';
import { newIntake110, newTownshipSeed } from '../support/factories';
import { startTestHub, type TestHub } from '../support/hub';
import { ensurePagesBuilt, launchChromium } from '../support/browser';

/** The smallest PNG: one transparent pixel. */
const PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

/** The test township with a row of narrow market-town grids along its north edge, whose names cannot all fit. */
function crowdedSeed(): TownshipSeed {
  const base = newTownshipSeed({ workers: 3 });
  const o = { lng: 120.5, lat: 30.29 };
  const narrow = Array.from({ length: 8 }, (_, i) => ({
    code: `M${i + 1}`,
    name: `集镇第${i + 1}网格`,
    kind: 'market_town' as const,
    polygon: [
      [
        [o.lng + i * 0.001, o.lat] as [number, number],
        [o.lng + (i + 1) * 0.001, o.lat] as [number, number],
        [o.lng + (i + 1) * 0.001, o.lat + 0.001] as [number, number],
        [o.lng + i * 0.001, o.lat + 0.001] as [number, number],
        [o.lng + i * 0.001, o.lat] as [number, number],
      ],
    ],
  }));
  return { ...base, grids: [...base.grids, ...narrow] };
}

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
  text: string;
}

describe('the console map and its base map', () => {
  let hub: TestHub | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    ensurePagesBuilt();
    hub = await startTestHub({ seed: crowdedSeed() });
    await postCase(hub.url, hub.apiKey, newIntake110({ category: 'stray_animal' })).expect(201);
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await hub?.close();
  });

  /** A signed-in console in a context of its own; `tiles` answers every request that leaves the hub. */
  async function openConsole(tiles: Parameters<BrowserContext['route']>[1]): Promise<Page> {
    if (!hub || !browser) throw new Error('hub or browser did not start');
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    contexts.push(context);
    const origin = hub.url;
    await context.route((url) => url.origin !== origin, tiles);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const operator = hub.seed.users.find((u) => u.role === 'operator');
    if (!operator) throw new Error('the test township has no operator');
    await page.goto(`${hub.url}/`);
    await page.fill('#username', operator.username);
    await page.fill('#password', operator.password);
    await page.click('#login-submit');
    await page.waitForURL(/console\.html/);
    await page.waitForSelector('.leaflet-container[data-fitted="true"]');
    return page;
  }

  it('says the base map cannot load, naming the server, and still draws grids, workers and the case', async () => {
    if (!hub) throw new Error('hub did not start');
    const page = await openConsole((route) => route.abort('internetdisconnected'));
    const notice = page.getByTestId('tile-notice');
    await notice.waitFor({ state: 'visible' });
    expect(await notice.textContent()).toContain('地图底图无法加载：https://a.tile.openstreetmap.org');
    expect(await notice.textContent()).toContain('网格、人员和事件照常显示');
    expect(await page.getAttribute('.leaflet-container', 'class')).toContain('tiles-down');
    await expect.poll(() => page.locator('.leaflet-overlay-pane path:not([data-worker-id])').count()).toBe(hub.seed.grids.length);
    await expect.poll(() => page.locator('path[data-worker-id]').count()).toBe(3);
    await expect.poll(() => page.locator('.inc-pin').count()).toBe(1);
    expect(await page.locator('path[data-worker-id]').first().isVisible()).toBe(true);
    expect(await page.locator('.inc-pin').first().isVisible()).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  it('writes each worker name beside the dot and keeps grid names from overlapping at the opening zoom', async () => {
    if (!hub) throw new Error('hub did not start');
    const page = await openConsole((route) => route.fulfill({ status: 200, contentType: 'image/png', body: PIXEL }));
    const names = page.locator('[data-testid="worker-name"]:not(.label-hidden)');
    await expect.poll(() => names.count()).toBe(3);
    expect((await names.allTextContents()).sort()).toEqual(['网格员1', '网格员2', '网格员3']);
    for (const name of await names.all()) expect(await name.isVisible()).toBe(true);
    // Each name sits next to its own dot.
    const gaps = await page.evaluate(() =>
      [...document.querySelectorAll<SVGPathElement>('path[data-worker-id]')].map((dot) => {
        const id = dot.getAttribute('data-worker-id') ?? '';
        const label = document.querySelector(`[data-label-key="worker:${id}"]`);
        const a = dot.getBoundingClientRect();
        const b = label?.getBoundingClientRect();
        return b ? Math.hypot(b.left + b.width / 2 - (a.left + a.width / 2), b.top + b.height / 2 - (a.top + a.height / 2)) : Infinity;
      }),
    );
    for (const gap of gaps) expect(gap).toBeLessThan(80);

    // Grid names shown at the opening zoom: none covers another or a worker's name; crowded ones give way.
    const shown = async (): Promise<Box[]> =>
      page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('[data-label-key]')]
          .filter((el) => !el.classList.contains('label-hidden'))
          .map((el) => ({ ...el.getBoundingClientRect().toJSON(), text: el.textContent ?? '' }) as Box)
          .filter((b) => b.right > b.left),
      );
    await expect.poll(async () => (await shown()).filter((b) => b.text.includes('网格') && !b.text.startsWith('网格员')).length).toBeGreaterThan(0);
    const boxes = await shown();
    for (const a of boxes)
      for (const b of boxes) {
        if (a === b) continue;
        const overlap = a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
        expect(overlap, `${a.text} and ${b.text}`).toBe(false);
      }
    const marketNames = await page.locator('[data-testid="grid-name"]').allTextContents();
    const marketShown = boxes.filter((b) => b.text.startsWith('集镇'));
    expect(marketNames.filter((n) => n.startsWith('集镇'))).toHaveLength(8);
    expect(marketShown.length).toBeGreaterThan(0);
    expect(marketShown.length).toBeLessThan(8);
    expect(pageErrors).toEqual([]);
  });

  it('draws the tiles of the township source an operator set', async () => {
    if (!hub) throw new Error('hub did not start');
    const operator = await loginAs(hub.url, hub.seed, 'operator');
    const source: MapTilesRequest = {
      urlTemplate: 'https://gis{s}.fake-tiles.test/vec/{z}/{x}/{y}.png?tk=not-for-screens',
      overlayUrlTemplate: 'https://gis{s}.fake-tiles.test/names/{z}/{x}/{y}.png?tk=not-for-screens',
      coordSystem: 'wgs84',
      attribution: '测试政务地图',
      maxZoom: 18,
      subdomains: '12',
    };
    await request(hub.url).put(MAP_TILES_API.mapTiles).set(bearer(operator.token)).send(source).expect(200);
    const asked: string[] = [];
    const page = await openConsole((route) => {
      const url = new URL(route.request().url());
      if (!/^gis[12]\.fake-tiles\.test$/.test(url.hostname)) return route.abort('internetdisconnected');
      asked.push(url.toString());
      return route.fulfill({ status: 200, contentType: 'image/png', body: PIXEL });
    });
    await expect.poll(() => page.locator('img.leaflet-tile-loaded[src*=".fake-tiles.test/vec/"]').count()).toBeGreaterThan(0);
    // The street names come over the roads, from the same servers.
    await expect.poll(() => page.locator('img.leaflet-tile-loaded[src*=".fake-tiles.test/names/"]').count()).toBeGreaterThan(0);
    expect(asked.every((url) => /^https:\/\/gis[12]\.fake-tiles\.test\/(vec|names)\/\d+\/\d+\/\d+\.png\?tk=not-for-screens$/.test(url))).toBe(true);
    expect(await page.textContent('.leaflet-control-attribution')).toContain('测试政务地图');
    expect(await page.getByTestId('tile-notice').isVisible()).toBe(false);
    expect(await page.getAttribute('.leaflet-container', 'class')).not.toContain('tiles-down');
    expect(await page.textContent('[data-testid="tiles-wgs84"]')).toContain('自定义底图');

    // The same server gone: the notice names it, without its key.
    const offline = await openConsole((route) => route.abort('internetdisconnected'));
    const notice = offline.getByTestId('tile-notice');
    await notice.waitFor({ state: 'visible' });
    expect(await notice.textContent()).toContain('地图底图无法加载：https://gis1.fake-tiles.test');
    expect(await notice.textContent()).not.toContain('tk=');
    expect(pageErrors).toEqual([]);
  });
});

describe('the phone case map over the township base map', () => {
  const seed = newTownshipSeed({ code: 'tilephone', workers: 1 });
  const w1 = seed.workers[0];
  let hub: TestHub | undefined;
  let browser: Browser | undefined;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    ensurePagesBuilt('phone.html');
    hub = await startTestHub({ seed, env: { OFFER_TIMEOUT_MS: '60000' } });
    const operator = await loginAs(hub.url, seed, 'operator');
    const source: MapTilesRequest = { urlTemplate: 'https://phone-tiles.fake-gis.test/{z}/{x}/{y}.png', coordSystem: 'wgs84', maxZoom: 18 };
    await request(hub.url).put(MAP_TILES_API.mapTiles).set(bearer(operator.token)).send(source).expect(200);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  /** W1's phone with its case open (a new one offered and accepted when `offer`), tiles answered by `tiles`. */
  async function phoneWithCase(tiles: Parameters<BrowserContext['route']>[1], offer: boolean): Promise<Page> {
    if (!hub || !browser) throw new Error('hub or browser did not start');
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      geolocation: { longitude: w1.location?.lng ?? 120.502, latitude: w1.location?.lat ?? 30.285 },
      permissions: ['geolocation'],
      serviceWorkers: 'block',
    });
    const origin = hub.url;
    await context.route((url) => url.origin !== origin, tiles);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const user = seed.users.find((u) => u.workerCode === w1.code);
    if (!user) throw new Error('no user for W1');
    await page.goto(`${hub.url}/`);
    await page.fill('#username', user.username);
    await page.fill('#password', user.password);
    await page.click('#login-submit');
    await page.waitForURL(/phone\.html/);
    await page.waitForSelector('[data-testid="connection"][data-online="true"]');
    if (offer) {
      const { body } = await postCase(hub.url, hub.apiKey, newIntake110({ townshipCode: seed.code })).expect(201);
      const id = (body as { incidentId: string }).incidentId;
      await page.locator(`[data-testid="offer-card"][data-incident-id="${id}"]`).waitFor();
      await page.click('[data-testid="accept-button"]');
    }
    await page.locator('[data-testid="active-case"] [data-testid="case-map"]').waitFor();
    return page;
  }

  it('draws the township tiles under the site, and says so on the small map when they cannot load', async () => {
    const asked: string[] = [];
    const page = await phoneWithCase((route) => {
      const url = route.request().url();
      if (!url.startsWith('https://phone-tiles.fake-gis.test/')) return route.abort('internetdisconnected');
      asked.push(url);
      return route.fulfill({ status: 200, contentType: 'image/png', body: PIXEL });
    }, true);
    await expect.poll(() => page.locator('[data-testid="case-map"] img.leaflet-tile-loaded[src^="https://phone-tiles.fake-gis.test/"]').count()).toBeGreaterThan(0);
    expect(asked.length).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="case-map"] [data-testid="tile-notice"]').isVisible()).toBe(false);
    await page.context().close();

    // The same worker's phone out of reach of the tile server, on the case it holds.
    const offline = await phoneWithCase((route) => route.abort('internetdisconnected'), false);
    const notice = offline.locator('[data-testid="case-map"] [data-testid="tile-notice"]');
    await notice.waitFor({ state: 'visible' });
    expect(await notice.textContent()).toContain('地图底图无法加载：https://phone-tiles.fake-gis.test');
    await expect.poll(() => offline.locator('[data-testid="case-map"] path.leaflet-interactive').count()).toBeGreaterThan(0);
    await offline.context().close();
    expect(pageErrors).toEqual([]);
  });
});
