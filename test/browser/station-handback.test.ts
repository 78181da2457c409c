/**
 * 「退回我所」 in Chromium against a real hub (#11): the station page is open when a worker on site
 * returns a case to the police; the case appears in the station's returned list by itself, with the
 * reason and the worker's notes, the table says 已退回公安; 签收 marks it signed and survives a reload.
 */
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, HANDBACK_API } from '@xiaonao/contracts';
import { bearer, connectSocket, Inbox, loginAs, postCase, type HubSocket } from '../support/clients';
import { newIntake110, newTownshipSeed } from '../support/factories';
import { startTestHub, type TestHub } from '../support/hub';
import { ensurePagesBuilt, launchChromium } from '../support/browser';

describe('the station page: 「退回我所」 and 签收', () => {
  let hub: TestHub | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const sockets: HubSocket[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    ensurePagesBuilt('station.html');
    hub = await startTestHub({ seed: newTownshipSeed({ workers: 1 }), env: { OFFER_TIMEOUT_MS: '60000' } });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const origin = hub.url;
    await page.route((url) => url.origin !== origin, (route) => route.abort());
  });

  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await browser?.close();
    await hub?.close();
  });

  it('shows a return live with its reason and notes, and signs for it', async () => {
    if (!hub) throw new Error('hub did not start');
    const t = hub;
    const station = t.seed.users.find((u) => u.role === 'station');
    if (!station) throw new Error('the test township has no station user');

    await page.goto(`${t.url}/`);
    await page.fill('#username', station.username);
    await page.fill('#password', station.password);
    await page.click('#login-submit');
    await page.waitForURL(/station\.html/);
    await page.waitForSelector('#conn[data-online="true"]');
    await page.locator('[data-testid="returned-empty"]').waitFor();
    await page.evaluate(() => {
      document.body.dataset.sameDocument = 'yes';
    });

    // A worker takes the case to site and finds a police matter.
    // One worker in the township: the case is offered to W1.
    const w1 = await loginAs(t.url, t.seed, 'worker', 'W1');
    const phones = await Promise.all([w1].map(async (w) => ({ token: w.token, offers: new Inbox(await connectSocket(t.url, w.token).then((s) => (sockets.push(s), s)), 'offer.created') })));
    const intake = newIntake110();
    const { body } = await postCase(t.url, t.apiKey, intake).expect(201);
    const id = body.incidentId as string;
    const holder = await Promise.any(phones.map(async (p) => (await p.offers.next((o) => o.incidentId === id), p)));
    for (const step of [API.accept(id), API.contact(id), API.arrive(id)]) await request(t.url).post(step).set(bearer(holder.token)).send({}).expect(200);
    await request(t.url)
      .post(HANDBACK_API.returnToPolice(id))
      .set(bearer(holder.token))
      .send({ reasonCategory: 'violence', reason: '双方持械斗殴', notes: '男子约30岁，灰色外套，往东离开' })
      .expect(200);

    const item = page.locator(`[data-testid="returned-case"][data-case-no="${intake.caseNo}"]`);
    await item.waitFor();
    expect(await page.getAttribute('body', 'data-same-document')).toBe('yes');
    const text = (await item.textContent()) ?? '';
    expect(text).toContain('暴力冲突');
    expect(text).toContain('双方持械斗殴');
    expect(text).toContain('男子约30岁，灰色外套，往东离开');
    expect(await item.getAttribute('data-signed')).toBe('false');
    expect(await page.locator('[data-testid="returned-unsigned"]').getAttribute('data-count')).toBe('1');
    // The table row says how the case closed.
    const row = page.locator(`[data-testid="station-row"][data-case-no="${intake.caseNo}"]`);
    await expect.poll(() => row.getAttribute('data-closure')).toBe('returned_to_police');
    expect(await row.locator('.badge').textContent()).toBe('已退回公安');

    await item.locator('[data-testid="sign-button"]').click();
    await expect.poll(() => item.getAttribute('data-signed')).toBe('true');
    expect(await item.locator('[data-testid="signed"]').textContent()).toContain('已签收');
    expect(await page.locator('[data-testid="returned-unsigned"]').getAttribute('data-count')).toBe('0');

    // The signature is the hub's, not the page's: a reload shows it signed.
    await page.reload();
    await page.waitForSelector('#conn[data-online="true"]');
    const again = page.locator(`[data-testid="returned-case"][data-case-no="${intake.caseNo}"]`);
    await expect.poll(() => again.getAttribute('data-signed')).toBe('true');
    expect(pageErrors).toEqual([]);
  });

  it('the phone returns the case in hand with a category, reason and notes; the console hands one to 12345', async () => {
    if (!hub || !browser) throw new Error('hub did not start');
    const t = hub;
    const signIn = async (p: Page, username: string, password: string, landing: RegExp) => {
      await p.goto(`${t.url}/`);
      await p.fill('#username', username);
      await p.fill('#password', password);
      await p.click('#login-submit');
      await p.waitForURL(landing);
      await p.waitForSelector('#conn[data-online="true"]');
    };
    const origin = t.url;
    const phoneContext = await browser.newContext({ viewport: { width: 400, height: 860 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', serviceWorkers: 'block' });
    await phoneContext.route((url) => url.origin !== origin, (route) => route.abort());
    const phone = await phoneContext.newPage();
    phone.on('pageerror', (error) => pageErrors.push(error.message));
    const w1 = t.seed.users.find((u) => u.workerCode === 'W1');
    const operatorUser = t.seed.users.find((u) => u.role === 'operator');
    if (!w1 || !operatorUser) throw new Error('seed users missing');
    const operator = (await loginAs(t.url, t.seed, 'operator')).token;
    await signIn(phone, w1.username, w1.password, /phone\.html/);

    const intake = newIntake110();
    const { body } = await postCase(t.url, t.apiKey, intake).expect(201);
    const id = body.incidentId as string;
    await phone.locator('[data-testid="accept-button"]').click();
    const returnButton = phone.locator('[data-testid="return-to-police"]');
    await returnButton.waitFor();
    // Online only: cut off, the page says so and the button waits for the network.
    await phoneContext.setOffline(true);
    await phone.locator('[data-testid="return-offline"]').waitFor();
    expect(await returnButton.isDisabled()).toBe(true);
    await phoneContext.setOffline(false);
    await phone.waitForSelector('#conn[data-online="true"]');
    await returnButton.click();
    await phone.locator('[data-reason="wanted_person"]').click();
    await phone.fill('[data-testid="return-reason"]', '当事人疑似在逃人员');
    await phone.fill('[data-testid="return-notes"]', '身高约175，黑色背包');
    await phone.locator('[data-testid="return-submit"]').click();
    await phone.locator('[data-testid="active-case"]').waitFor({ state: 'detached' });
    const returned = (await request(t.url).get(API.incident(id)).set(bearer(operator)).expect(200)).body as { closure: string; handback: { reasonCategory: string; notes: string } };
    expect(returned.closure).toBe('returned_to_police');
    expect(returned.handback).toMatchObject({ reasonCategory: 'wanted_person', notes: '身高约175，黑色背包' });
    const item = page.locator(`[data-testid="returned-case"][data-case-no="${intake.caseNo}"]`);
    await item.waitFor();
    expect(await item.textContent()).toContain('身高约175，黑色背包');
    await phoneContext.close();

    const consoleContext = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    await consoleContext.route((url) => url.origin !== origin, (route) => route.abort());
    const desk = await consoleContext.newPage();
    desk.on('pageerror', (error) => pageErrors.push(error.message));
    await signIn(desk, operatorUser.username, operatorUser.password, /console\.html/);
    const other = newIntake110();
    await postCase(t.url, t.apiKey, other).expect(201);
    const card = desk.locator(`[data-testid="incident-card"][data-case-no="${other.caseNo}"]`);
    await card.click();
    await desk.locator('[data-testid="hand-over-12345"]').click();
    await desk.selectOption('[data-testid="handback-category"]', 'government_department');
    await desk.fill('[data-testid="handback-reason"]', '属住建部门职责');
    await desk.locator('[data-testid="handback-submit"]').click();
    await desk.locator('[data-testid="handback-facts"][data-target="12345"]').waitFor();
    expect(await desk.locator('.detail-head .badge').textContent()).toBe('已移交12345');
    await consoleContext.close();
    expect(pageErrors).toEqual([]);
  });
});
