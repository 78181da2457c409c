/**
 * The grid worker's phone as a field tool, in Chromium at a phone's size against a real hub: it
 * installs (manifest, a service worker controlling the page), reloads offline into the current case,
 * keeps steps tapped offline and sends them once, in order, when the network is back, says plainly
 * when a queued step can no longer apply, and after a long drop shows everything it missed.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, type IncidentDetailView, type IncidentView, type MissedEventsResponse, type ResponsibilityView, type WorkerView } from '@xiaonao/contracts';
import { bearer, loginAs, postCase } from '../support/clients';
import { newIntake110, newTownshipSeed } from '../support/factories';
import { startTestHub, type TestHub } from '../support/hub';
import { MovableClock } from '../support/movable-clock';
import { ensurePagesBuilt, launchChromium } from '../support/browser';

const responsibility = (over: Partial<ResponsibilityView> = {}) => ({ teams: ['grid_worker'], priority: 2, dispatchMode: 'auto', offerMode: 'sequential', raceSize: 3, policeOnly: false, ...over });

describe('the grid worker phone as a field tool', () => {
  const seed = newTownshipSeed({ code: 'fieldtown', workers: 3 });
  const w1 = seed.workers[0];
  let t: TestHub;
  let browser: Browser | undefined;
  let context: BrowserContext;
  let page: Page;
  let operator: string;
  const workerIds: Record<string, string> = {};
  const pageErrors: string[] = [];

  const detail = async (id: string) => (await request(t.url).get(API.incident(id)).set(bearer(operator)).expect(200)).body as IncidentDetailView;
  const newCase = async (category: 'dispute' | 'noise' = 'dispute') =>
    // Received now by the hub's clock (the last test moves it ten minutes on).
    (await postCase(t.url, t.apiKey, newIntake110({ category, townshipCode: seed.code, receivedAt: clock.now().toISOString() })).expect(201)).body.incident as IncidentView;
  const card = (testId: string, incidentId: string) => page.locator(`[data-testid="${testId}"][data-incident-id="${incidentId}"]`);
  const connected = () => page.waitForSelector('[data-testid="connection"][data-online="true"]');
  /** Cuts the phone off; the page says so at the top (and the cards move down) before the test taps. */
  const goOffline = async () => {
    await context.setOffline(true);
    await page.waitForSelector('[data-testid="offline-banner"]');
  };

  // The hub's time, moved on by ten minutes while the phone is away in the last test.
  const clock = new MovableClock();

  beforeAll(async () => {
    ensurePagesBuilt('phone-sw.js');
    // Offers stand a minute, so a test never races the offer timeout.
    t = await startTestHub({ seed, clock, env: { OFFER_TIMEOUT_MS: '60000' } });
    operator = (await loginAs(t.url, seed, 'operator')).token;
    for (const w of (await request(t.url).get(API.workers).set(bearer(operator)).expect(200)).body as WorkerView[]) workerIds[w.name] = w.id;
    browser = await launchChromium();
    context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      // The phone stands where the seed put W1, so W1 is nearest to every case.
      geolocation: { longitude: w1.location?.lng ?? 120.502, latitude: w1.location?.lat ?? 30.285 },
      permissions: ['geolocation'],
    });
    // Map tiles come from the internet; the phone must work without them.
    const origin = t.url;
    await context.route((url) => url.origin !== origin, (route) => route.abort());
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));

    const user = seed.users.find((u) => u.workerCode === w1.code);
    if (!user) throw new Error('no user for W1');
    await page.goto(`${t.url}/`);
    await page.fill('#username', user.username);
    await page.fill('#password', user.password);
    await page.click('#login-submit');
    await page.waitForURL(/phone\.html/);
    await connected();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('meets the install criteria: a parsed manifest with name, icons, start_url and display, and a service worker controlling the page', async () => {
    const manifest = await page.evaluate(async () => {
      const link = document.querySelector<HTMLLinkElement>('link[rel="manifest"]');
      if (!link) return null;
      const response = await fetch(link.href);
      return { type: response.headers.get('content-type'), url: response.url, body: (await response.json()) as Record<string, unknown> };
    });
    expect(manifest?.type).toMatch(/application\/manifest\+json/);
    expect(manifest?.body).toMatchObject({ name: '小脑·网格员', display: 'standalone', start_url: './phone.html' });
    expect(new URL(String(manifest?.body.start_url), manifest?.url).pathname).toBe('/phone.html');
    const icons = manifest?.body.icons as { src: string; sizes: string; purpose: string }[];
    expect(icons.map((i) => `${i.sizes} ${i.purpose}`)).toEqual(expect.arrayContaining(['192x192 any', '512x512 any', '512x512 maskable']));
    for (const icon of icons) {
      const res = await fetch(new URL(icon.src, manifest?.url));
      expect(res.headers.get('content-type')).toBe('image/png');
    }

    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.reload();
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    // It controls the phone page only: the console and station pages stay out of its scope.
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.scope);
    expect(new URL(scope ?? '').pathname).toBe('/phone.html');
    await connected();
  });

  let caseA: IncidentView;

  it('keeps accept, a call and 已联系 tapped offline, shows them at once, and sends each once and in order when back online', async () => {
    caseA = await newCase();
    const offer = card('offer-card', caseA.id);
    await offer.waitFor();
    // An offer shows the caller's number masked: the full one is for the worker who takes the case.
    expect(await offer.locator('[data-testid="call-masked"]').textContent()).toContain('139****2345');

    await goOffline();
    await page.click('[data-testid="accept-button"]');
    const active = card('active-case', caseA.id);
    await active.waitFor();
    expect(await active.getAttribute('data-state')).toBe('accepted');
    // Accepted offline, the hub has not yet given the case to this worker: still masked, nothing to dial.
    expect(await active.locator('[data-testid="call-masked"]').count()).toBe(1);
    expect(await active.locator('[data-testid="call-link"]').count()).toBe(0);
    // Once the accept lands, its answer brings the full number; then the phone goes out of coverage again.
    await context.setOffline(false);
    await active.locator('[data-testid="call-link"]').waitFor();
    expect(await active.locator('[data-testid="call-link"]').getAttribute('href')).toBe('tel:13905712345');
    await connected();
    await goOffline();
    // Chromium here has no dialer: the tel: link's own action is held back (it would stall the page's
    // input behind an external-protocol prompt), the page's handler still sees the tap.
    await page.evaluate(() => document.addEventListener('click', (e) => (e.target as Element).closest('a[href^="tel:"]') && e.preventDefault(), true));
    await page.click('[data-testid="call-link"]');
    await page.click('[data-testid="call-answered"]');
    await page.click('[data-testid="contact-button"]');
    await expect.poll(() => active.getAttribute('data-state')).toBe('contacted');
    await expect.poll(() => active.locator('[data-testid="pending-badge"]').getAttribute('data-count')).toBe('2');
    expect(await active.locator('[data-testid="pending-badge"]').textContent()).toContain('待发送');

    await context.setOffline(false);
    await active.locator('[data-testid="pending-badge"]').waitFor({ state: 'detached' });
    const steps = (await detail(caseA.id)).timeline.map((e) => e.type).filter((type) => ['accepted', 'call_attempted', 'contacted'].includes(type));
    expect(steps).toEqual(['accepted', 'call_attempted', 'contacted']);
    expect(await active.getAttribute('data-state')).toBe('contacted');
    await connected();
  });

  it('reloads offline into the current case, marked with the time of its data', async () => {
    // What the offline reload needs is in place first: the service worker in control, the case saved on the phone.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    const saved = (id: string) =>
      page.evaluate(
        (incidentId) =>
          new Promise<string | null>((resolve) => {
            const open = indexedDB.open('xiaonao-phone');
            open.onerror = () => resolve(null);
            open.onsuccess = () => {
              const all = open.result.transaction('snapshots').objectStore('snapshots').getAll();
              all.onerror = () => resolve(null);
              all.onsuccess = () => {
                const rows = all.result as { incidents: { id: string; state: string }[] }[];
                resolve(rows.flatMap((r) => r.incidents).find((i) => i.id === incidentId)?.state ?? null);
              };
            };
          }),
        id,
      );
    await expect.poll(() => saved(caseA.id)).toBe('contacted');
    await context.setOffline(true);
    await page.reload();
    const active = card('active-case', caseA.id);
    await active.waitFor();
    expect(await active.getAttribute('data-state')).toBe('contacted');
    expect(await page.textContent('[data-testid="offline-banner"]')).toMatch(/^离线 · 显示的是 \d\d:\d\d 的数据$/);
    expect(await page.locator('[data-testid="today-case"]').count()).toBeGreaterThan(0);
    // Navigation to the site and a map of the two markers, tiles or not.
    expect(await active.locator('[data-testid="nav-amap"]').getAttribute('href')).toMatch(/^https:\/\/uri\.amap\.com\/navigation\?to=/);
    expect(await active.locator('[data-testid="nav-baidu"]').getAttribute('data-app-url')).toMatch(/^baidumap:\/\/map\/direction\?destination=latlng/);
    await expect.poll(() => active.locator('[data-testid="case-map"] path.leaflet-interactive').count()).toBe(2);

    await context.setOffline(false);
    await connected();
    await page.locator('[data-testid="offline-banner"]').waitFor({ state: 'detached' });
    await page.screenshot({ path: '/tmp/phone.png', fullPage: false });
  });

  it('drops a step queued offline for a case an operator reassigned meanwhile, saying 「该事件已改派给他人」', async () => {
    await goOffline();
    await page.click('[data-testid="arrive-button"]');
    const active = card('active-case', caseA.id);
    await expect.poll(() => active.getAttribute('data-state')).toBe('arrived');

    await request(t.url).post(API.assign(caseA.id)).set(bearer(operator)).send({ workerId: workerIds['网格员2'], reason: '网格员手机离线' }).expect(200);
    await context.setOffline(false);
    const refused = page.locator('[data-testid="step-refused"]');
    await refused.waitFor();
    expect(await refused.textContent()).toContain('该事件已改派给他人');
    await active.waitFor({ state: 'detached' });
    expect((await detail(caseA.id)).timeline.filter((e) => e.type === 'arrived')).toEqual([]);
    await refused.locator('button').click();
    await connected();
  });

  it('after a 10-minute drop shows everything it missed: its case moved on, a queued offer, and the alarms marked 「离线期间」', async () => {
    // W1 alone on duty; a dispute may queue for a busy worker; noise waits for the command room.
    const w2 = (await loginAs(t.url, seed, 'worker', 'W2')).token;
    const next = { offered: API.accept, accepted: API.contact, contacted: API.arrive, arrived: API.close } as const;
    // W2 takes case A (the reassignment offered it to them) and finishes it.
    for (let state = (await detail(caseA.id)).state; state !== 'closed'; state = (await detail(caseA.id)).state) {
      if (!(state in next)) throw new Error(`case A is ${state}`);
      await request(t.url).post(next[state as keyof typeof next](caseA.id)).set(bearer(w2)).send(state === 'arrived' ? { result: '已调解' } : {}).expect(200);
    }
    for (const code of ['W2', 'W3']) {
      await request(t.url).put(API.myDuty).set(bearer((await loginAs(t.url, seed, 'worker', code)).token)).send({ onDuty: false }).expect(200);
    }
    await request(t.url).put(API.responsibility('noise')).set(bearer(operator)).send(responsibility({ dispatchMode: 'confirm' })).expect(200);
    await request(t.url).put(API.responsibility('dispute')).set(bearer(operator)).send(responsibility({ teams: ['grid_worker', 'mediator'], queueWhenBusy: true })).expect(200);
    const w1Token = (await loginAs(t.url, seed, 'worker', 'W1')).token;

    // Case D, given to W1 by the command room, accepted and the party contacted while online.
    const caseD = await newCase('noise');
    await request(t.url).post(API.assign(caseD.id)).set(bearer(operator)).send({ workerId: workerIds['网格员1'], reason: '网格员在附近' }).expect(200);
    await card('offer-card', caseD.id).waitFor();
    await page.click('[data-testid="accept-button"]');
    await page.click('[data-testid="contact-button"]');
    await expect.poll(async () => (await detail(caseD.id)).state).toBe('contacted');

    await goOffline();
    const missedFrom = ((await request(t.url).get(API.myMissed()).set(bearer(w1Token)).expect(200)).body as MissedEventsResponse).latestSeq;
    const alarmsForD = async () => {
      const missed = (await request(t.url).get(API.myMissed(missedFrom)).set(bearer(w1Token)).expect(200)).body as MissedEventsResponse;
      return missed.events.filter((e) => e.event === 'clock.alert' && e.payload.incidentId === caseD.id).length;
    };
    // Ten minutes pass: D's 8-minute arrival clock warns and breaches, a dispute is offered to W1 as their
    // next case, and W1's positions (reported by other means) put them on site, so D arrives by itself.
    clock.advance(10 * 60_000);
    await expect.poll(alarmsForD, { interval: 500 }).toBeGreaterThanOrEqual(2);
    const caseE = await newCase('dispute');
    await expect.poll(async () => (await detail(caseE.id)).worker?.id).toBe(workerIds['网格员1']);
    for (let i = 0; i < 2; i++) {
      await request(t.url).post(API.myPosition).set(bearer(w1Token)).send({ ...caseD.location, coordSystem: 'WGS84', at: clock.now().toISOString() }).expect(200);
    }
    await expect.poll(async () => (await detail(caseD.id)).state).toBe('arrived');
    const alarms = await alarmsForD();

    await context.setOffline(false);
    await connected();
    await expect.poll(() => card('active-case', caseD.id).getAttribute('data-state')).toBe('arrived');
    await card('offer-card', caseE.id).waitFor();
    expect(await card('offer-card', caseE.id).locator('[data-testid="offer-queued"]').count()).toBe(1);
    await page.click('[data-testid="missed-alarms-button"]');
    const rows = page.locator(`[data-testid="missed-alarm"][data-incident-id="${caseD.id}"]`);
    await expect.poll(() => rows.count()).toBe(alarms);
    for (const text of await rows.allTextContents()) expect(text).toContain('离线期间');
    // Gathered behind the button, not a burst of toasts.
    expect(await page.locator('[data-testid="toast"]', { hasText: caseD.caseNo }).count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
