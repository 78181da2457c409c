/**
 * 网格指数 on the console (#12), in Chromium against a real hub: with the formula set over the API to
 * count only volume per resident, four grids with known cases and residents land in four bands. The map
 * layer (off by default, remembered once on) fills each grid with exactly the band the API gives it,
 * its tooltip carries the score and inputs, and the monthly table lists the same bands and scores,
 * best first.
 */
import request from 'supertest';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REVIEW_API, type GridIndexSettings, type GridIndexView, type TownshipSeed } from '@xiaonao/contracts';
import { bandColour, scoreText, shanghaiMonth } from '../../apps/web/src/console/grid-bands';
import { bearer, loginAs, postCase, until } from '../support/clients';
import { newIntake110, newTownshipSeed } from '../support/factories';
import { startTestHub, type TestHub } from '../support/hub';
import { ensurePagesBuilt, launchChromium } from '../support/browser';

const O = { lng: 120.5, lat: 30.28 };

/** The test township with two more 0.01° squares east of G2: G1..G4 in a row. */
function fourGrids(): TownshipSeed {
  const base = newTownshipSeed({ workers: 2 });
  const square = (x: number): [number, number][][] => [
    [
      [O.lng + x, O.lat],
      [O.lng + x + 0.01, O.lat],
      [O.lng + x + 0.01, O.lat + 0.01],
      [O.lng + x, O.lat + 0.01],
      [O.lng + x, O.lat],
    ],
  ];
  return {
    ...base,
    grids: [...base.grids, { code: 'G3', name: '第三网格', kind: 'village', polygon: square(0.02) }, { code: 'G4', name: '第四网格', kind: 'village', polygon: square(0.03) }],
  };
}

describe('the console’s 网格指数 layer and table', () => {
  let t: TestHub;
  let browser: Browser | undefined;
  let expected: GridIndexView;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    ensurePagesBuilt('console.html');
    t = await startTestHub({ seed: fourGrids() });
    const { token } = await loginAs(t.url, t.seed, 'operator');
    const current = (await request(t.url).get(REVIEW_API.settings).set(bearer(token)).expect(200)).body as GridIndexSettings;
    // Volume only, ceiling 20 a thousand: 0, 2.5, 5 and 10 cases a thousand score 100, 87.5, 75, 50.
    const settings: GridIndexSettings = {
      ...current,
      weights: { accept: 0, contact: 0, arrive: 0, volume: 1, repeats: 0, satisfaction: 0 },
      bands: { green: 90, blue: 80, orange: 70 },
      volumeCeilingPer1000: 20,
      residents: { G1: 1000, G2: 400, G3: 200, G4: 100 },
    };
    await request(t.url).put(REVIEW_API.settings).set(bearer(token)).send(settings).expect(200);
    for (const x of [0.015, 0.025, 0.035]) {
      await postCase(t.url, t.apiKey, newIntake110({ category: 'stray_animal', location: { lng: O.lng + x, lat: O.lat + 0.005 } })).expect(201);
    }
    const month = shanghaiMonth(new Date());
    expected = await until(
      async () => (await request(t.url).get(`${REVIEW_API.gridIndex}?month=${month}`).set(bearer(token)).expect(200)).body as GridIndexView,
      (v) => v.rows.reduce((n, r) => n + r.inputs.cases, 0) === 3,
      'the three cases in the grid index',
    );
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function operatorDesk(): Promise<Page> {
    if (!browser) throw new Error('no browser');
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const origin = t.url;
    await context.route((url) => url.origin !== origin, (route) => route.abort());
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const user = t.seed.users.find((u) => u.role === 'operator');
    if (!user) throw new Error('no operator');
    await page.goto(`${t.url}/`);
    await page.fill('#username', user.username);
    await page.fill('#password', user.password);
    await page.click('#login-submit');
    await page.waitForURL(/console\.html/);
    await page.waitForSelector('.leaflet-container[data-fitted="true"]');
    return page;
  }

  it('has the API put the four grids in the four bands', () => {
    const band = Object.fromEntries(expected.rows.map((r) => [r.gridCode, r.band]));
    expect(band).toEqual({ G1: 'green', G2: 'blue', G3: 'orange', G4: 'red' });
  });

  it('fills each grid with its band colour when the layer is on, and remembers it', async () => {
    const page = await operatorDesk();
    const toggle = page.getByTestId('grid-index-toggle');
    expect(await toggle.textContent()).toBe('网格指数');
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    expect(await page.locator('path.grid-index-shape').count()).toBe(0);

    await toggle.click();
    const shapes = page.locator('path.grid-index-shape');
    await expect.poll(() => shapes.count()).toBe(expected.rows.length);
    for (const row of expected.rows) {
      const path = page.locator(`path.grid-index-shape[data-grid-code="${row.gridCode}"]`);
      expect(await path.getAttribute('fill'), row.gridCode).toBe(bandColour(row.band));
      expect(await path.getAttribute('data-band')).toBe(row.band ?? 'none');
    }

    // The tooltip: the score and the inputs behind it.
    const red = expected.rows.find((r) => r.gridCode === 'G4');
    if (!red) throw new Error('no G4');
    // Near the grid's west edge: its middle holds the case pin.
    await page.locator('path.grid-index-shape[data-grid-code="G4"]').hover({ position: { x: 15, y: 120 } });
    const tip = page.getByTestId('grid-index-tip');
    await tip.waitFor();
    const text = (await tip.textContent()) ?? '';
    expect(text).toContain(`第四网格 · 网格指数 ${scoreText(red.score)}（红）`);
    expect(text).toContain('案件 1 · 常住人口 100 · 每千人 10.0');

    // Remembered after a reload; off again when switched off.
    await page.reload();
    await page.waitForSelector('.leaflet-container[data-fitted="true"]');
    await expect.poll(() => page.locator('path.grid-index-shape').count()).toBe(expected.rows.length);
    expect(await page.getByTestId('grid-index-toggle').getAttribute('aria-pressed')).toBe('true');
    await page.getByTestId('grid-index-toggle').click();
    await expect.poll(() => page.locator('path.grid-index-shape').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('lists the month’s grids best first with the same bands and scores, and exports them as CSV', async () => {
    const page = await operatorDesk();
    await page.getByTestId('grid-index-open').click();
    const rows = page.locator('[data-testid="grid-index-table"] tbody tr');
    await expect.poll(() => rows.count()).toBe(expected.rows.length);
    const shown = await rows.evaluateAll((trs) =>
      trs.map((tr) => ({ code: tr.getAttribute('data-grid-code'), band: tr.getAttribute('data-band'), score: tr.querySelector('[data-testid="grid-index-score"]')?.textContent })),
    );
    const best = [...expected.rows].sort((a, b) => (b.score ?? -1) - (a.score ?? -1));
    expect(shown).toEqual(best.map((r) => ({ code: r.gridCode, band: r.band ?? 'none', score: scoreText(r.score) })));
    expect(await rows.first().textContent()).toContain('绿');
    expect(await page.getByTestId('grid-index-month').inputValue()).toBe(expected.month);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('grid-index-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const path = await download.path();
    const { readFileSync } = await import('node:fs');
    const csv = readFileSync(path, 'utf8');
    for (const row of expected.rows) expect(csv).toContain(row.gridCode);
    expect(pageErrors).toEqual([]);
  });
});
