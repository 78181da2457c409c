/**
 * The 研判 page (#12) renders its charts for a seeded month, in Chromium against a real hub. Twelve
 * days of cases walked by two workers on a moving clock, each morning at 09:10 on 幸福路 and each
 * evening at 20:40 on 和平路, plus one case of a second police station at 14:05 on the first day. One
 * evening case waits ten minutes before its worker calls: contact and arrival late. So the period's
 * total is known (25 cases, 73 of 75 stages in time), the hours are known (9, 14, 20), and that case is
 * the slowest. Map tiles are unreachable: the map says so and the heat still draws. A station sees only
 * the cases it handed over, and no grid index; a township leader, signed in straight to this page, the
 * township's figures with the grid index.
 */
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '@xiaonao/contracts';
import { addDays, beijingDayOf } from '../../apps/web/src/review/review-period';
import { bearer, connectSocket, Inbox, loginAs, postCase, type HubSocket } from '../support/clients';
import { newIntake110, newTownshipSeed } from '../support/factories';
import { startTestHub, type TestHub } from '../support/hub';
import { MovableClock } from '../support/movable-clock';
import { ensurePagesBuilt, launchChromium } from '../support/browser';

const DAYS = 12;
const O = { lng: 120.5, lat: 30.28 };
/** Twenty days ago in Beijing: the last seeded evening is still well in the past. */
const FIRST_DAY = addDays(beijingDayOf(new Date()), -20);
const LAST_DAY = addDays(FIRST_DAY, DAYS - 1);
const PERIOD = `from=${FIRST_DAY}&to=${LAST_DAY}`;

describe('the 研判 page over a seeded month', () => {
  const seed = newTownshipSeed({ workers: 2 });
  seed.stations.push({ code: 'testtown-pcs2', name: 'testtown 二所' });
  const clock = new MovableClock(`${FIRST_DAY}T00:00:00+08:00`);
  let t: TestHub;
  let browser: Browser | undefined;
  const sockets: HubSocket[] = [];
  const phones: Record<string, { token: string; offers: Inbox<'offer.created'> }> = {};
  const pageErrors: string[] = [];
  let slowCaseNo = '';
  let otherStationCaseNo = '';

  async function step(who: string, path: string, body: object = {}): Promise<void> {
    const res = await request(t.url).post(path).set(bearer(phones[who].token)).send(body);
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
  }

  /** A case received now on the hub's clock, taken by whichever worker is offered it, walked to closure. */
  async function walkCase(at: string, where: { lng: number; lat: number }, address: string, options: { slow?: boolean; station?: string } = {}): Promise<string> {
    clock.setTo(at);
    const intake = newIntake110({ receivedAt: clock.now().toISOString(), location: where, address, ...(options.station ? { policeStationCode: options.station } : {}) });
    const id = (await postCase(t.url, t.apiKey, intake).expect(201)).body.incidentId as string;
    const who = await Promise.any(Object.entries(phones).map(async ([code, p]) => (await p.offers.next((o) => o.incidentId === id), code)));
    await step(who, API.accept(id));
    if (options.slow) clock.advance(10 * 60_000);
    await step(who, API.contact(id));
    await step(who, API.arrive(id));
    await step(who, API.close(id), { result: '已调解' });
    return intake.caseNo;
  }

  beforeAll(async () => {
    ensurePagesBuilt('review.html');
    t = await startTestHub({ seed, clock, env: { OFFER_TIMEOUT_MS: '600000' } });
    for (const code of ['W1', 'W2']) {
      const { token } = await loginAs(t.url, seed, 'worker', code);
      const socket = await connectSocket(t.url, token);
      sockets.push(socket);
      phones[code] = { token, offers: new Inbox(socket, 'offer.created') };
    }
    for (let i = 0; i < DAYS; i++) {
      const day = addDays(FIRST_DAY, i);
      await walkCase(`${day}T09:10:00`, { lng: O.lng + 0.001, lat: O.lat + 0.005 }, '测试街道幸福路8号');
      if (i === 0) otherStationCaseNo = await walkCase(`${day}T14:05:00`, { lng: O.lng + 0.001, lat: O.lat + 0.002 }, '测试街道解放路3号', { station: 'testtown-pcs2' });
      const caseNo = await walkCase(`${day}T20:40:00`, { lng: O.lng + 0.015, lat: O.lat + 0.005 }, '测试街道和平路16号', { slow: i === 2 });
      if (i === 2) slowCaseNo = caseNo;
    }
    // Back to the present, so sessions signed now are judged by the browser's clock as well.
    clock.advance(Math.max(0, Date.now() - clock.now().getTime()));
    browser = await launchChromium();
  });

  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await browser?.close();
    await t?.close();
  });

  /** A fresh browser for one role, signed in through the sign-in page, every other origin unreachable. */
  async function signedIn(role: 'operator' | 'station' | 'leader'): Promise<{ context: BrowserContext; page: Page }> {
    if (!browser) throw new Error('no browser');
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
    const origin = t.url;
    await context.route((url) => url.origin !== origin, (route) => route.abort());
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const user = seed.users.find((u) => u.role === role);
    if (!user) throw new Error(`no ${role}`);
    await page.goto(`${t.url}/`);
    await page.fill('#username', user.username);
    await page.fill('#password', user.password);
    await page.click('#login-submit');
    await page.waitForURL({ operator: /console\.html/, station: /station\.html/, leader: /review\.html/ }[role]);
    await page.goto(`${t.url}/review.html?${PERIOD}`);
    await page.waitForSelector('body[data-review-loaded="true"]');
    return { context, page };
  }

  const text = async (page: Page, selector: string) => ((await page.locator(selector).textContent()) ?? '').trim();

  it('renders the rates, trends and heat map of the period, and opens the slowest case’s verified timeline', async () => {
    const { context, page } = await signedIn('operator');
    expect(await page.getByTestId('period-picker').isVisible()).toBe(true);
    expect(await page.getByTestId('period-from').inputValue()).toBe(FIRST_DAY);

    // The charts: ECharts drew its canvas and said it finished.
    for (const chart of ['rates-chart', 'trends-hour-chart', 'trends-weekday-chart']) {
      await page.waitForSelector(`[data-testid="${chart}"][data-charts-rendered="true"] canvas`);
    }

    // The total row: 25 cases, every accept in time, contact and arrive 24 of 25, 73 of 75 overall.
    expect(await text(page, '[data-testid="rates-total"] [data-col="cases"]')).toBe('25');
    expect(await text(page, '[data-testid="rates-total"] [data-col="accept"]')).toBe('100.0%');
    expect(await text(page, '[data-testid="rates-total"] [data-col="arrive"]')).toBe('96.0%');
    expect(await text(page, '[data-testid="rates-total"] [data-col="all138"]')).toBe('97.3%');
    expect(await text(page, '[data-testid="rates-total"] [data-col="breached"]')).toBe('1');
    // By category, in Chinese.
    await page.getByTestId('rates-tab-category').click();
    await expect.poll(() => text(page, '[data-testid="rates-table"] tbody tr:first-child td:first-child')).toBe('纠纷');
    expect(new URL(page.url()).searchParams.get('by')).toBe('category');

    // By hour: the cases sit in the hours they were received.
    const hours = await page.locator('[data-testid="trends-hour-table"] tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-key'), Number(tr.getAttribute('data-cases'))] as const));
    expect(hours).toHaveLength(24);
    expect(Object.fromEntries(hours.filter(([, n]) => n > 0))).toEqual({ '9': DAYS, '14': 1, '20': DAYS });

    // The heat map: its layer drawn over the plain background, and the notice that the tiles cannot load.
    const heat = page.getByTestId('heatmap');
    await page.waitForSelector('[data-testid="heatmap"] canvas.leaflet-heatmap-layer');
    expect(await heat.getAttribute('data-heat-cases')).toBe('25');
    await page.waitForSelector('[data-testid="heatmap"] [data-testid="tile-notice"]:not([hidden])');
    expect(await text(page, '[data-testid="heatmap"] [data-testid="tile-notice"]')).toContain('地图底图无法加载');

    // Repeats: both places and the one caller (masked).
    expect(await text(page, '[data-testid="repeat-places"] tbody')).toContain('测试街道幸福路8号');
    expect(await text(page, '[data-testid="repeat-callers"] tbody')).toContain('139****2345');

    // The grid index of the month, for the township.
    await page.waitForSelector('[data-testid="grid-index-table"] tbody tr[data-grid-code="G1"]');

    // The slowest case first; one click opens its timeline with the hub's verdict.
    const first = page.locator('[data-testid="slowest-row"]').first();
    expect(await first.getAttribute('data-case-no')).toBe(slowCaseNo);
    await first.click();
    const drawer = page.getByTestId('case-drawer');
    await expect.poll(() => drawer.locator('[data-testid="timeline-verdict"]').textContent()).toBe('时间线校验通过');
    expect(await text(page, '[data-testid="drawer-case-no"]')).toBe(slowCaseNo);
    expect(await drawer.locator('[data-testid="timeline-entry"]').count()).toBeGreaterThan(4);
    await page.getByTestId('drawer-close').click();
    expect(await drawer.count()).toBe(0);

    // CSV of the table as shown, fetched with the session's token.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('csv-rates').click()]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv).toContain('纠纷');

    // The printable report: its own page, charts in SVG, the same totals; printing waits for the button.
    const [report] = await Promise.all([context.waitForEvent('page'), page.getByTestId('print-open').click()]);
    report.on('pageerror', (error) => pageErrors.push(error.message));
    await report.waitForSelector('body[data-review-loaded="true"]');
    expect(await report.getByTestId('print-view').isVisible()).toBe(true);
    await report.waitForSelector('[data-testid="trends-hour-chart"][data-charts-rendered="true"] svg');
    await report.waitForSelector('[data-testid="print-rates-chart"][data-charts-rendered="true"] svg');
    expect(await text(report, '[data-testid="print-total-cases"] .print-total-value')).toBe('25');
    expect(await text(report, '[data-testid="print-period"]')).toContain(`${FIRST_DAY} 至 ${LAST_DAY}`);
    for (const by of ['grid', 'worker', 'category', 'source', 'station']) expect(await report.getByTestId(`print-rates-${by}`).count()).toBe(1);
    expect(await report.getByTestId('grid-index-table').count()).toBe(1);
    expect(await report.getByTestId('print-now').isVisible()).toBe(true);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('shows a station only the cases it handed over, and no grid index', async () => {
    const { context, page } = await signedIn('station');
    await page.waitForSelector('[data-testid="rates-chart"][data-charts-rendered="true"] canvas');
    expect(await text(page, '[data-testid="rates-total"] [data-col="cases"]')).toBe('24');
    expect(await text(page, '[data-testid="rates-total"] [data-col="all138"]')).toBe('97.2%');
    const slow = await page.locator('[data-testid="slowest-row"]').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-case-no')));
    expect(slow).toContain(slowCaseNo);
    expect(slow).not.toContain(otherStationCaseNo);
    expect(await page.getByTestId('grid-index-table').count()).toBe(0);
    expect(await page.getByTestId('staffing-card').count()).toBe(0);
    expect(await page.getByTestId('review-page').getAttribute('data-role')).toBe('station');
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('takes a township leader from the sign-in page to the township’s review, grid index included', async () => {
    const { context, page } = await signedIn('leader');
    expect(await page.getByTestId('review-page').getAttribute('data-role')).toBe('leader');
    expect(await text(page, '[data-testid="rates-total"] [data-col="cases"]')).toBe('25');
    await page.waitForSelector('[data-testid="grid-index-table"] tbody tr[data-grid-code="G2"]');
    expect(await page.getByTestId('staffing-card').count()).toBe(1);
    // English on request: the page's own words and the contracts' labels both switch.
    await page.getByTestId('locale-toggle').click();
    await expect.poll(() => text(page, '[data-testid="rates-tab-category"]')).toBe('Category');
    expect(await text(page, '[data-testid="rates-total"] td:first-child')).toBe('Total');
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
