/**
 * The pages under the hub's security headers, in Chromium: each page (sign-in, console, phone,
 * station) signs in, opens its socket and does its work with zero Content-Security-Policy violations,
 * and the API docs page runs under its own, looser policy. Violations are caught both as
 * `securitypolicyviolation` events in the page and as Chromium's console errors.
 */
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postCase, userOf } from '../support/clients';
import { newIntake110, newTownshipSeed } from '../support/factories';
import { startTestHub, type TestHub } from '../support/hub';
import { ensurePagesBuilt, launchChromium } from '../support/browser';

interface Violations {
  events: string[];
  console: string[];
  errors: string[];
}

declare global {
  interface Window {
    cspViolations?: string[];
  }
}

describe('security headers and the content security policy', () => {
  const seed = newTownshipSeed({ code: 'csptown', workers: 2 });
  let t: TestHub;
  let browser: Browser | undefined;

  beforeAll(async () => {
    ensurePagesBuilt('phone-sw.js');
    t = await startTestHub({ seed });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** A fresh context and page that record every violation from the first script on. */
  async function openWatched(options: Parameters<Browser['newContext']>[0] = {}): Promise<{ context: BrowserContext; page: Page; seen: Violations }> {
    if (!browser) throw new Error('no browser');
    const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ...options });
    const page = await context.newPage();
    const seen: Violations = { events: [], console: [], errors: [] };
    await page.addInitScript(() => {
      window.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.cspViolations?.push(`${e.violatedDirective} ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`));
    });
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content[ -]Security[ -]Policy|Refused to/i.test(message.text())) seen.console.push(message.text());
    });
    page.on('pageerror', (error) => seen.errors.push(error.message));
    // Map tiles come from the internet, closed here: the policy allows them, the network does not.
    const origin = t.url;
    await page.route((url) => url.origin !== origin, (route) => route.abort());
    return { context, page, seen };
  }

  async function violationsIn(page: Page, seen: Violations): Promise<Violations> {
    return { ...seen, events: [...seen.events, ...(await page.evaluate(() => window.cspViolations ?? []))] };
  }

  function expectHeaders(response: Response | null): void {
    const headers = response?.headers() ?? {};
    const csp = headers['content-security-policy'] ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'strict-origin-when-cross-origin',
      'cross-origin-opener-policy': 'same-origin',
    });
    expect(headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(headers['x-powered-by']).toBeUndefined();
  }

  async function signIn(page: Page, role: 'operator' | 'station' | 'worker' | 'leader'): Promise<void> {
    const user = role === 'worker' ? userOf(seed, 'worker', 'W1') : userOf(seed, role);
    const response = await page.goto(`${t.url}/`);
    expectHeaders(response);
    await page.fill('#username', user.username);
    await page.fill('#password', user.password);
    await page.click('#login-submit');
  }

  it.each([
    ['operator', /console\.html/],
    ['station', /station\.html/],
  ] as const)('runs the %s page signed in, with its socket, without a violation', async (role, pageUrl) => {
    const { context, page, seen } = await openWatched({ viewport: { width: 1440, height: 900 } });
    try {
      await signIn(page, role);
      await page.waitForURL(pageUrl);
      // Live: the socket is open (connect-src), the styles and scripts loaded (style-src, script-src).
      await page.waitForSelector('[data-testid="connection"][data-online="true"]');
      expectHeaders(await page.reload());
      await page.waitForSelector('[data-testid="connection"][data-online="true"]');
      if (role === 'operator') {
        // A case arriving live, its card, its detail with the candidates, its pins on the map.
        const intake = newIntake110({ category: 'stray_animal', townshipCode: seed.code });
        await postCase(t.url, t.apiKey, intake).expect(201);
        const card = page.locator(`[data-testid="incident-card"][data-case-no="${intake.caseNo}"]`);
        await card.waitFor();
        await card.click();
        await page.waitForSelector('[data-testid="confirm-dispatch"]');
      }
      expect(await violationsIn(page, seen)).toEqual({ events: [], console: [], errors: [] });
    } finally {
      await context.close();
    }
  });

  it('runs the review page signed in as the township leader, charts and heat map drawn, without a violation', async () => {
    const { context, page, seen } = await openWatched({ viewport: { width: 1440, height: 900 } });
    try {
      await signIn(page, 'leader');
      await page.waitForURL(/review\.html/);
      // ECharts sets inline styles through the CSSOM and draws on canvas; Leaflet's heat layer too.
      await page.waitForSelector('body[data-review-loaded="true"]');
      expectHeaders(await page.reload());
      await page.waitForSelector('body[data-review-loaded="true"]');
      expect(await violationsIn(page, seen)).toEqual({ events: [], console: [], errors: [] });
    } finally {
      await context.close();
    }
  });

  it('runs the phone page with its service worker and manifest, without a violation', async () => {
    const w1 = seed.workers[0];
    const { context, page, seen } = await openWatched({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      geolocation: { longitude: w1.location?.lng ?? 120.502, latitude: w1.location?.lat ?? 30.285 },
      permissions: ['geolocation'],
    });
    try {
      await signIn(page, 'worker');
      await page.waitForURL(/phone\.html/);
      await page.waitForSelector('[data-testid="connection"][data-online="true"]');
      // The worker (worker-src) installs and controls the page; the manifest (manifest-src) is read.
      await page.evaluate(async () => {
        await navigator.serviceWorker.ready;
      });
      expectHeaders(await page.reload());
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
      await page.waitForSelector('[data-testid="connection"][data-online="true"]');
      expect(await violationsIn(page, seen)).toEqual({ events: [], console: [], errors: [] });
    } finally {
      await context.close();
    }
  });

  it('serves the API docs under a policy of their own that lets Swagger UI start', async () => {
    const { context, page, seen } = await openWatched();
    try {
      const response = await page.goto(`${t.url}/api/docs`);
      const csp = response?.headers()['content-security-policy'] ?? '';
      expect(csp).toContain("script-src 'self' 'unsafe-inline'");
      expect(response?.headers()['x-frame-options']).toBe('DENY');
      // Swagger UI rendered the document: its inline start-up script ran and fetched the JSON.
      await page.waitForSelector('.swagger-ui .info .title');
      await page.waitForSelector('.opblock-tag');
      expect(await violationsIn(page, seen)).toEqual({ events: [], console: [], errors: [] });
    } finally {
      await context.close();
    }
  });

  it('sends the pages’ files compressed to a browser that takes gzip, and the API as it is', async () => {
    const phone = await request(t.url).get('/phone.html').set('Accept-Encoding', 'gzip').expect(200);
    expect(phone.headers['content-encoding']).toBe('gzip');
    const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(phone.text)?.[1];
    expect(script).toBeDefined();
    const js = await request(t.url).get(`/${script ?? ''}`).set('Accept-Encoding', 'gzip').expect(200);
    expect(js.headers['content-encoding']).toBe('gzip');
    const api = await request(t.url).get('/api/openapi.json').set('Accept-Encoding', 'gzip').expect(200);
    expect(api.headers['content-encoding']).toBeUndefined();
  });

  it('refuses to be framed and to run inline script on the pages', async () => {
    const { context, page, seen } = await openWatched();
    try {
      await page.goto(`${t.url}/`);
      // What an injected script would try: refused, and reported as a violation.
      await page.evaluate(() => {
        const s = document.createElement('script');
        s.textContent = 'window.injected = true';
        document.body.append(s);
      });
      await page.waitForFunction(() => (window.cspViolations ?? []).length > 0);
      expect(await page.evaluate(() => (window as Window & { injected?: boolean }).injected)).toBeUndefined();
      expect((await violationsIn(page, seen)).events[0]).toMatch(/^script-src/);
    } finally {
      await context.close();
    }
  });
});
