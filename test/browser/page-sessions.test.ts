/**
 * The pages keep their session the way a shift needs, in Chromium against a hub whose access tokens
 * last three seconds: the console refreshes by itself and stays live long past the first token; a step tapped on the phone while offline, after its token expired, is sent with a refreshed
 * one; a session ended elsewhere, or by the 退出 button, takes the page to the sign-in page. Every wait
 * is on state (stored tokens, the hub's answers, selectors), never on time.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Client } from 'pg';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, type IncidentDetailView, type IncidentView, type Role } from '@xiaonao/contracts';
import { bearer, loginAs, postCase, until, userOf } from '../support/clients';
import { newIntake110, newTownshipSeed } from '../support/factories';
import { startTestHub, type TestHub } from '../support/hub';
import { ensurePagesBuilt, launchChromium } from '../support/browser';

interface Stored {
  token: string;
  refreshToken: string;
}

describe('pages keep, renew and end their sessions', () => {
  const seed = newTownshipSeed({ code: 'pagesess', workers: 2 });
  const w1 = seed.workers[0];
  let t: TestHub;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    ensurePagesBuilt('phone-sw.js');
    t = await startTestHub({ seed, env: { ACCESS_TOKEN_TTL_SECONDS: '3', OFFER_TIMEOUT_MS: '60000' } });
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await t?.close();
  });

  async function signedIn(role: 'operator' | 'worker'): Promise<{ context: BrowserContext; page: Page }> {
    if (!browser) throw new Error('no browser');
    const context = await browser.newContext({
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      ...(role === 'worker' ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, geolocation: { longitude: w1.location?.lng ?? 120.502, latitude: w1.location?.lat ?? 30.285 }, permissions: ['geolocation'] } : {}),
    });
    contexts.push(context);
    const origin = t.url;
    await context.route((url) => url.origin !== origin, (route) => route.abort());
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const user = role === 'worker' ? userOf(seed, 'worker', w1.code) : userOf(seed, role);
    await page.goto(`${t.url}/`);
    await page.fill('#username', user.username);
    await page.fill('#password', user.password);
    await page.click('#login-submit');
    await page.waitForURL(role === 'worker' ? /phone\.html/ : /console\.html/);
    await online(page);
    return { context, page };
  }

  const online = (page: Page) => page.waitForSelector('[data-testid="connection"][data-online="true"]');
  const stored = (page: Page, role: Role) => page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? 'null') as Stored | null, `xiaonao.session.${role}`);
  const status = (token: string) => request(t.url).get(API.me).set(bearer(token)).then((r) => r.status);
  /** On the sign-in page with the session forgotten: read from the page's URL and storage, whatever navigations it took to get there. */
  const onSignInPage = (page: Page) =>
    until(
      async () => {
        const path = new URL(page.url()).pathname;
        if (path !== '/' && !path.endsWith('/index.html')) return false;
        return (await stored(page, 'operator').catch(() => undefined)) === null;
      },
      (there) => there,
      'the sign-in page, the session forgotten',
    );

  it('refreshes by itself and stays live past the token it signed in with', async () => {
    const { page } = await signedIn('operator');
    const first = await stored(page, 'operator');
    if (!first) throw new Error('no stored session');
    // The page refreshes before its first access token runs out, however late its timer fires on a busy machine.
    const now = await until(() => stored(page, 'operator'), (s) => s !== null && s.token !== first.token, 'the page to refresh its session');
    await until(() => status(first.token), (s) => s === 401, 'the first access token to expire');
    expect(now?.refreshToken).not.toBe(first.refreshToken);
    expect(await status(now?.token ?? '')).toBe(200);
    // Still live on the socket it opened at sign-in: a case sent now appears on its own.
    await online(page);
    const intake = newIntake110({ category: 'stray_animal', townshipCode: seed.code });
    await postCase(t.url, t.apiKey, intake).expect(201);
    await page.locator(`[data-testid="incident-card"][data-case-no="${intake.caseNo}"]`).waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('goes to the sign-in page when the session is ended elsewhere', async () => {
    const { page } = await signedIn('operator');
    const session = await stored(page, 'operator');
    if (!session) throw new Error('no stored session');
    // The page may refresh meanwhile; sign out with whatever it holds when the hub takes it.
    await until(
      async () => {
        const current = await stored(page, 'operator');
        return current ? (await request(t.url).post(API.logout).set(bearer(current.token)).send({})).status : 204;
      },
      (s) => s === 204,
      'a sign-out the hub takes',
    );
    await onSignInPage(page);
  });

  it('signs out with 退出: the page forgets the session and the hub ends it', async () => {
    const { page } = await signedIn('operator');
    await page.click('#logout');
    await onSignInPage(page);
    // The hub ended that session as signed out (not merely forgotten by the page).
    const db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query<{ revoked_reason: string | null }>(
        'SELECT s.revoked_reason FROM auth_session s JOIN app_user u ON u.id = s.user_id WHERE u.username = $1 ORDER BY s.created_at DESC LIMIT 1',
        [userOf(seed, 'operator').username],
      );
      expect(rows[0]?.revoked_reason).toBe('logged_out');
    } finally {
      await db.end();
    }
  });

  it('sends a step tapped offline after its token expired, refreshing first', async () => {
    const { context, page } = await signedIn('worker');
    const incident = (await postCase(t.url, t.apiKey, newIntake110({ category: 'dispute', townshipCode: seed.code })).expect(201)).body.incident as IncidentView;
    const offer = page.locator(`[data-testid="offer-card"][data-incident-id="${incident.id}"]`);
    await offer.waitFor();

    await context.setOffline(true);
    await page.waitForSelector('[data-testid="offline-banner"]');
    // Out of coverage long enough for the token it holds to expire (it cannot refresh offline).
    const held = await stored(page, 'worker');
    await until(() => status(held?.token ?? ''), (s) => s === 401, 'the phone’s token to expire while offline');
    await page.click('[data-testid="accept-button"]');

    await context.setOffline(false);
    const operator = (await loginAs(t.url, seed, 'operator')).token;
    const accepted = await until(
      async () => ((await request(t.url).get(API.incident(incident.id)).set(bearer(operator)).expect(200)).body as IncidentDetailView).state,
      (state) => state === 'accepted',
      'the queued accept to reach the hub',
    );
    expect(accepted).toBe('accepted');
    expect((await stored(page, 'worker'))?.token).not.toBe(held?.token);
    await online(page);
    expect(page.url()).toMatch(/phone\.html/);
  });
});
