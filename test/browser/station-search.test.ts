/**
 * The station finds a case by number in its history and reads it (#12), in Chromium against a real
 * hub: a case closed days ago is not in the live list, the search finds it by its 110 number, the row
 * opens a read-only drawer with the facts, the clocks, the result and the timeline, and the hub's
 * check of the timeline shows 「时间线校验通过」. Filters narrow the table; clearing them brings the
 * live list back.
 */
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '@xiaonao/contracts';
import { bearer, connectSocket, Inbox, loginAs, postCase, type HubSocket } from '../support/clients';
import { newIntake110, newTownshipSeed } from '../support/factories';
import { startTestHub, type TestHub } from '../support/hub';
import { MovableClock } from '../support/movable-clock';
import { ensurePagesBuilt, launchChromium } from '../support/browser';

describe('the station page: search, filters and a case’s timeline', () => {
  let hub: TestHub | undefined;
  /** Two days behind at first: the old case is worked then, and the clock moves on to today. */
  const clock = new MovableClock(new Date(Date.now() - 2 * 24 * 3600_000));
  let browser: Browser | undefined;
  let page: Page;
  const sockets: HubSocket[] = [];
  const pageErrors: string[] = [];
  /** Closed by W1 two days ago: out of the live list (open, or closed in the last 24 h). */
  const old = newIntake110({ address: '测试街道和平小区5幢', callerName: '李先生', category: 'dispute' });
  /** Still open, received now: in the live list. */
  const fresh = newIntake110({ address: '测试街道幸福路8号', callerName: '王女士', category: 'stray_animal' });

  beforeAll(async () => {
    ensurePagesBuilt('station.html');
    hub = await startTestHub({ seed: newTownshipSeed({ workers: 1 }), clock, env: { OFFER_TIMEOUT_MS: '60000' } });
    const t = hub;

    const w1 = await loginAs(t.url, t.seed, 'worker', 'W1');
    const socket = await connectSocket(t.url, w1.token);
    sockets.push(socket);
    const offers = new Inbox(socket, 'offer.created');
    const { body } = await postCase(t.url, t.apiKey, { ...old, receivedAt: clock.now().toISOString() }).expect(201);
    const id = body.incidentId as string;
    await offers.next((o) => o.incidentId === id);
    for (const step of [API.accept(id), API.contact(id), API.arrive(id)]) await request(t.url).post(step).set(bearer(w1.token)).send({}).expect(200);
    await request(t.url).post(API.close(id)).set(bearer(w1.token)).send({ result: '双方已调解，握手言和' }).expect(200);
    clock.advance(2 * 24 * 3600_000);
    await postCase(t.url, t.apiKey, { ...fresh, receivedAt: clock.now().toISOString() }).expect(201);

    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const origin = t.url;
    await page.route((url) => url.origin !== origin, (route) => route.abort());
  });

  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await browser?.close();
    await hub?.close();
  });

  const row = (caseNo: string) => page.locator(`[data-testid="station-row"][data-case-no="${caseNo}"]`);

  it('finds a case closed days ago by its number and opens its verified timeline', async () => {
    if (!hub) throw new Error('hub did not start');
    const station = hub.seed.users.find((u) => u.role === 'station');
    if (!station) throw new Error('the test township has no station user');

    await page.goto(`${hub.url}/`);
    await page.fill('#username', station.username);
    await page.fill('#password', station.password);
    await page.click('#login-submit');
    await page.waitForURL(/station\.html/);
    await page.waitForSelector('#conn[data-online="true"]');
    await row(fresh.caseNo).waitFor();
    expect(await row(old.caseNo).count()).toBe(0);

    await page.fill('[data-testid="station-search"]', old.caseNo);
    await page.press('[data-testid="station-search"]', 'Enter');
    await row(old.caseNo).waitFor();
    await expect.poll(() => page.locator('[data-testid="station-row"]').count()).toBe(1);
    expect(await page.getAttribute('[data-testid="search-count"]', 'data-count')).toBe('1');

    await row(old.caseNo).locator('[data-testid="open-case"]').click();
    const drawer = page.locator('[data-testid="case-drawer"]');
    await drawer.waitFor();
    expect(await drawer.locator('[data-testid="drawer-case-no"]').textContent()).toBe(old.caseNo);
    const facts = (await drawer.locator('[data-testid="drawer-facts"]').textContent()) ?? '';
    expect(facts).toContain('测试街道和平小区5幢');
    expect(facts).toContain('李先生');
    // The caller's number stays masked for the station.
    expect(facts).toContain('139****2345');
    expect(facts).not.toContain('13905712345');
    expect(await drawer.locator('[data-testid="clock-accept"]').count()).toBe(1);
    expect(await drawer.locator('[data-testid="drawer-result"]').textContent()).toContain('双方已调解，握手言和');

    const verdict = drawer.locator('[data-testid="timeline-verdict"]');
    await expect.poll(() => verdict.textContent()).toBe('时间线校验通过');
    expect(await verdict.getAttribute('data-ok')).toBe('true');
    const types = await drawer.locator('[data-testid="timeline-entry"]').evaluateAll((items) => items.map((i) => i.getAttribute('data-type')));
    expect(types).toEqual(expect.arrayContaining(['received', 'offered', 'accepted', 'contacted', 'arrived', 'closed']));
    expect(types.indexOf('received')).toBeLessThan(types.indexOf('closed'));
    // Read-only: the drawer offers nothing to press but closing it.
    expect(await drawer.locator('button').count()).toBe(1);

    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
    expect(pageErrors).toEqual([]);
  });

  it('narrows the table with filters and returns to the live list when they are cleared', async () => {
    await page.click('[data-testid="filter-clear"]');
    await row(fresh.caseNo).waitFor();
    await page.selectOption('[data-testid="filter-closure"]', 'resolved');
    await row(old.caseNo).waitFor();
    await expect.poll(() => page.locator('[data-testid="station-row"]').count()).toBe(1);
    // Open and resolved: nothing; then open alone: the fresh case, from the hub's answer.
    await page.selectOption('[data-testid="filter-state"]', 'open');
    await page.locator('#station-empty:not([hidden])').waitFor();
    await page.selectOption('[data-testid="filter-closure"]', '');
    await row(fresh.caseNo).waitFor();
    await expect.poll(() => page.getAttribute('[data-testid="search-count"]', 'data-count')).toBe('1');
    expect(await page.locator('[data-testid="station-row"]').count()).toBe(1);
    await page.fill('[data-testid="station-search"]', '没有这个地址');
    await page.press('[data-testid="station-search"]', 'Enter');
    await page.locator('#station-empty:not([hidden])').waitFor();
    expect(await page.locator('#station-empty').textContent()).toBe('没有符合条件的事件');

    await page.click('[data-testid="filter-clear"]');
    await row(fresh.caseNo).waitFor();
    expect(await row(old.caseNo).count()).toBe(0);
    expect(await page.locator('[data-testid="search-status"]').textContent()).toContain('实时');
    expect(pageErrors).toEqual([]);
  });
});
