/**
 * The district view (#13) in Chromium against a real hub: 萧山区's command centre signs in and lands on
 * district.html; its map shows the open cases of the two townships under it and not the case of a
 * township in another district; a breach shows in the live list as the clock passes the deadline; a
 * click opens the case read-only with its timeline and the caller's number masked.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RegionSeed, TownshipSeed } from '@xiaonao/contracts';
import { postCase } from '../support/clients';
import { newIntake110, newRegionSeed, newTownshipSeed } from '../support/factories';
import { startTestHub, type TestHub } from '../support/hub';
import { MovableClock } from '../support/movable-clock';
import { ensurePagesBuilt, launchChromium } from '../support/browser';

const MINUTE = 60_000;
const XSQ = newRegionSeed('dv-xsq', '萧山区');
const YHQ = newRegionSeed('dv-yhq', '余杭区');
const inRegion = (seed: TownshipSeed, region: RegionSeed): TownshipSeed => ({ ...seed, regions: [region] });
const ORIGIN = { one: { lng: 120.5, lat: 30.28 }, two: { lng: 120.56, lat: 30.3 }, three: { lng: 120.3, lat: 30.42 } };
const one = inRegion(newTownshipSeed({ code: 'dvone', origin: ORIGIN.one, workers: 1 }), XSQ);
const two = inRegion(newTownshipSeed({ code: 'dvtwo', origin: ORIGIN.two, workers: 1 }), XSQ);
const three = inRegion(newTownshipSeed({ code: 'dvthree', origin: ORIGIN.three, workers: 1 }), YHQ);

describe('the district view: map, live breaches and a read-only case', () => {
  let hub: TestHub | undefined;
  const clock = new MovableClock();
  let browser: Browser | undefined;
  let page: Page;
  const pageErrors: string[] = [];
  const cases = { one: '', two: '', three: '' };
  const caseNos = { one: '', two: '', three: '' };

  beforeAll(async () => {
    ensurePagesBuilt('district.html');
    // Offers stand an hour: nobody accepts, so the accept clocks breach when the clock moves on.
    hub = await startTestHub({ seed: one, extraSeeds: [two, three], clock, env: { OFFER_TIMEOUT_MS: '3600000' } });
    const seeds = { one, two, three };
    for (const key of ['one', 'two', 'three'] as const) {
      const intake = newIntake110({ townshipCode: seeds[key].code, origin: ORIGIN[key], receivedAt: clock.now().toISOString(), callerPhone: '13905558888', address: `${key}号路1号` });
      caseNos[key] = intake.caseNo;
      cases[key] = (await postCase(hub.url, seeds[key].apiKeys[0].key, intake).expect(201)).body.incidentId as string;
    }
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const origin = hub.url;
    await page.route((url) => url.origin !== origin, (route) => route.abort());
  });

  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  it('maps the cases of both townships under the district and not another district’s', async () => {
    if (!hub) throw new Error('hub did not start');
    const account = XSQ.users?.find((u) => u.role === 'district');
    if (!account) throw new Error('no district account');
    await page.goto(`${hub.url}/`);
    await page.fill('#username', account.username);
    await page.fill('#password', account.password);
    await page.click('#login-submit');
    await page.waitForURL(/district\.html/);
    await page.waitForSelector('body[data-loaded="true"]');
    await page.waitForSelector('#conn[data-online="true"]');
    expect(await page.locator('[data-testid="region-name"]').textContent()).toBe('萧山区');
    const map = page.locator('[data-testid="district-map"]');
    expect((await map.getAttribute('data-case-ids'))?.split(',')).toEqual([cases.one, cases.two].sort());
    expect(await map.getAttribute('data-workers')).toBe('2');
    expect(await page.locator(`path.case-id-${cases.three}`).count()).toBe(0);
    expect(await page.locator('path.case-marker').count()).toBe(2);
    const rows = page.locator('[data-testid="townships-table"] tbody [data-testid="township-row"]');
    expect(await rows.count()).toBe(2);
    expect(await rows.locator('th').allTextContents()).toEqual([one.name, two.name]);
    expect(await rows.locator('[data-testid="open"]').allTextContents()).toEqual(['1', '1']);
    expect(await page.locator('[data-testid="breach"]').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('lists a breach as it happens and opens its case read-only with the timeline', async () => {
    clock.advance(10 * MINUTE);
    const breach = page.locator(`[data-testid="breach"][data-incident-id="${cases.one}"][data-stage="accept"]`);
    await breach.waitFor();
    await page.locator(`[data-testid="breach"][data-incident-id="${cases.two}"]`).first().waitFor();
    expect(await page.locator(`[data-testid="breach"][data-incident-id="${cases.three}"]`).count()).toBe(0);
    // The map recolours the case from its news, and the table counts it breached.
    await page.locator(`path.case-breached.case-id-${cases.one}`).waitFor();
    await expect.poll(() => page.locator('[data-testid="townships-table"] tbody [data-testid="breached"]').allTextContents()).toEqual(['1', '1']);

    await breach.locator('button').click();
    const drawer = page.locator('[data-testid="case-drawer"]');
    await drawer.waitFor();
    await expect.poll(() => drawer.locator('[data-testid="drawer-case-no"]').textContent()).toBe(caseNos.one);
    const facts = (await drawer.locator('[data-testid="drawer-facts"]').textContent()) ?? '';
    expect(facts).toContain('one号路1号');
    expect(facts).toContain(one.name);
    expect(facts).not.toContain('13905558888');
    await drawer.locator('[data-testid="timeline-entry"]').first().waitFor();
    const types = await drawer.locator('[data-testid="timeline-entry"]').evaluateAll((items) => items.map((i) => i.getAttribute('data-type')));
    expect(types).toEqual(expect.arrayContaining(['received', 'clock_breached']));
    // Read-only: nothing to press but closing it.
    expect(await drawer.locator('button').count()).toBe(1);
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
    expect(pageErrors).toEqual([]);
  });
});
