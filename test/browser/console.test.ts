/**
 * The operator console in Chromium against a real hub: log in through the login page, then a 110
 * case posted by the 110 platform shows up on the console by itself, its accept clock ticking.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '@xiaonao/contracts';
import { signedHeaders } from '../support/clients';
import { newIntake110, newTownshipSeed } from '../support/factories';
import { startTestHub } from '../support/hub';
import { ensurePagesBuilt, launchChromium } from '../support/browser';

type Hub = Awaited<ReturnType<typeof startTestHub>>;

describe('the operator console', () => {
  let hub: Hub | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    ensurePagesBuilt();
    // Enough workers that some stay free for the operator to pick by hand.
    hub = await startTestHub({ seed: newTownshipSeed({ workers: 6 }) });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // Map tiles come from the internet; the console must work without them, so the test keeps them out.
    const origin = hub.url;
    await page.route((url) => url.origin !== origin, (route) => route.abort());
  });

  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  it('shows a 110 case as it arrives, without a reload, its accept clock counting down', async () => {
    if (!hub) throw new Error('hub did not start');
    const operator = hub.seed.users.find((u) => u.role === 'operator');
    if (!operator) throw new Error('the test township has no operator');

    await page.goto(`${hub.url}/`);
    await page.fill('#username', operator.username);
    await page.fill('#password', operator.password);
    await page.click('#login-submit');
    await page.waitForURL(/console\.html/);
    await expect.poll(() => page.textContent('[data-testid="township-name"]')).toBe(hub.seed.name);
    // Live updates need the socket; wait for it before the case is sent.
    await page.waitForSelector('#conn[data-online="true"]');
    await page.evaluate(() => {
      document.body.dataset.sameDocument = 'yes';
    });

    const intake = newIntake110();
    const response = await fetch(`${hub.url}${API.intake110}`, {
      method: 'POST',
      // Signed like any 110 transfer: over exactly the JSON sent.
      headers: { 'content-type': 'application/json', ...signedHeaders(hub.apiKey, JSON.stringify(intake)) },
      body: JSON.stringify(intake),
    });
    expect(response.status).toBeLessThan(300);

    const card = page.locator(`[data-testid="incident-card"][data-case-no="${intake.caseNo}"]`);
    await card.waitFor();
    expect(await page.getAttribute('body', 'data-same-document')).toBe('yes');
    expect(await card.getAttribute('data-state')).not.toBe('closed');

    const acceptClock = card.locator('[data-testid="clock-accept"]');
    expect(await acceptClock.getAttribute('data-status')).toBe('pending');
    const before = await acceptClock.locator('.clock-value').textContent();
    expect(before).toMatch(/^\d\d:\d\d$/);
    // The clock counts down on its own: wait for it to show less, not for a fixed time to pass.
    const shown = () => acceptClock.locator('.clock-value').textContent();
    await expect.poll(async () => toSeconds((await shown()) ?? '')).toBeLessThan(toSeconds(before ?? ''));
    expect(await shown()).toMatch(/^\d\d:\d\d$/);

    for (const stage of ['contact', 'arrive']) {
      expect(await card.locator(`[data-testid="clock-${stage}"]`).getAttribute('data-status')).toBe('pending');
    }
    expect(pageErrors).toEqual([]);
  });

  it('lets the operator confirm a case that waits for confirmation and shows who was considered', async () => {
    if (!hub) throw new Error('hub did not start');
    // The test township's table makes stray animals wait for the command room.
    const intake = newIntake110({ category: 'stray_animal' });
    const response = await fetch(`${hub.url}${API.intake110}`, {
      method: 'POST',
      // Signed like any 110 transfer: over exactly the JSON sent.
      headers: { 'content-type': 'application/json', ...signedHeaders(hub.apiKey, JSON.stringify(intake)) },
      body: JSON.stringify(intake),
    });
    expect(response.status).toBe(201);
    const card = page.locator(`[data-testid="incident-card"][data-case-no="${intake.caseNo}"]`);
    await card.locator('[data-testid="awaiting-confirmation"]').waitFor();
    await card.click();
    await page.click('[data-testid="confirm-dispatch"]');
    await expect.poll(() => card.getAttribute('data-state')).toBe('offered');
    const candidates = page.locator('[data-testid="recommendation"] li');
    await expect.poll(() => candidates.count()).toBeGreaterThan(0);
    expect(await candidates.first().textContent()).toContain('网格员');
    expect(pageErrors).toEqual([]);
  });

  it('lets the operator assign a case by hand to a worker picked from the list', async () => {
    if (!hub) throw new Error('hub did not start');
    const intake = newIntake110();
    await fetch(`${hub.url}${API.intake110}`, {
      method: 'POST',
      // Signed like any 110 transfer: over exactly the JSON sent.
      headers: { 'content-type': 'application/json', ...signedHeaders(hub.apiKey, JSON.stringify(intake)) },
      body: JSON.stringify(intake),
    });
    const card = page.locator(`[data-testid="incident-card"][data-case-no="${intake.caseNo}"]`);
    await expect.poll(() => card.getAttribute('data-state')).toBe('offered');
    await card.click();
    const select = page.locator('[data-testid="assign-select"]');
    await expect.poll(() => select.locator('option').count()).toBeGreaterThan(0);
    const chosen = (await select.locator('option').first().textContent()) ?? '';
    await page.click('[data-testid="assign-button"]');
    await expect.poll(() => card.textContent()).toContain(chosen.split(' · ')[0]);
    expect(pageErrors).toEqual([]);
  });

  it('shows the caller’s number masked, and the full one after 查看完整号码 with a reason', async () => {
    if (!hub) throw new Error('hub did not start');
    const intake = newIntake110({ callerPhone: '13912342345' });
    await fetch(`${hub.url}${API.intake110}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signedHeaders(hub.apiKey, JSON.stringify(intake)) },
      body: JSON.stringify(intake),
    });
    const card = page.locator(`[data-testid="incident-card"][data-case-no="${intake.caseNo}"]`);
    await card.waitFor();
    await card.click();
    const facts = page.locator('.detail-grid');
    await expect.poll(() => facts.locator('[data-testid="caller-phone-masked"]').textContent()).toBe('139****2345');
    expect(await facts.textContent()).not.toContain('13912342345');
    // The reason is asked for before anything is sent; the hub logs it with the reveal.
    page.once('dialog', (dialog) => void dialog.accept('回访当事人，核实处置结果'));
    await facts.locator('[data-testid="reveal-phone"]').click();
    const full = facts.locator('[data-testid="caller-phone-full"]');
    await full.waitFor();
    expect(await full.getAttribute('href')).toBe('tel:13912342345');
    // Each report's number stays masked until revealed on its own.
    const report = page.locator('[data-testid="report-item"]').first();
    await expect.poll(() => report.locator('[data-testid="caller-phone-masked"]').textContent()).toBe('139****2345');
    expect(pageErrors).toEqual([]);
  });
});

function toSeconds(mmss: string): number {
  const [m, s] = mmss.split(':').map(Number);
  return m * 60 + s;
}
