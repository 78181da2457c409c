/**
 * Video patrol on the operator console in Chromium: cameras on the map, a storm's alert count on its
 * card as the alerts arrive, 驳回 on a camera case awaiting confirmation, and a case raised from a
 * camera's popup (视频巡查).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CameraAlertAnswer } from '@xiaonao/contracts';
import { newCameraAlert, newCameraSeed, postCameraAlert } from '../support/camera-clients';
import { startTestHub } from '../support/hub';
import { ensurePagesBuilt, launchChromium } from '../support/browser';

type Hub = Awaited<ReturnType<typeof startTestHub>>;

describe('video patrol on the console', () => {
  let hub: Hub | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    ensurePagesBuilt();
    hub = await startTestHub({ seed: newCameraSeed({ code: `camui${Date.now().toString(36)}` }) });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const origin = hub.url;
    await page.route((url) => url.origin !== origin, (route) => route.abort());
    const operator = hub.seed.users.find((u) => u.role === 'operator');
    if (!operator) throw new Error('the test township has no operator');
    await page.goto(`${hub.url}/`);
    await page.fill('#username', operator.username);
    await page.fill('#password', operator.password);
    await page.click('#login-submit');
    await page.waitForURL(/console\.html/);
    await page.waitForSelector('#conn[data-online="true"]');
  });

  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  it('draws every camera, the disabled one dimmed', async () => {
    await expect.poll(() => page.locator('.cam-pin').count()).toBe(13);
    expect(await page.getAttribute('.cam-pin[data-camera-code="CAM-OFF"]', 'data-enabled')).toBe('false');
  });

  it('shows a storm’s alert count and camera on its card, and dismisses it in two taps', async () => {
    if (!hub) throw new Error('hub did not start');
    const answers = await Promise.all(Array.from({ length: 12 }, () => postCameraAlert(hub!.url, hub!.apiKey, newCameraAlert({ cameraCode: 'CAM-04', type: 'crowd' }))));
    const caseNo = (answers.find((a) => (a.body as CameraAlertAnswer).outcome === 'opened')?.body as CameraAlertAnswer).caseNo;
    const card = page.locator(`[data-testid="incident-card"][data-case-no="${caseNo}"]`);
    await card.waitFor();
    const facts = card.locator('[data-testid="camera-facts"]');
    await expect.poll(() => facts.getAttribute('data-alert-count')).toBe('12');
    expect(await facts.textContent()).toContain('告警 ×12');
    expect(await facts.textContent()).toContain('测试摄像头4');

    const dismiss = card.locator('[data-testid="dismiss-camera-case"]');
    await dismiss.click();
    expect(await dismiss.textContent()).toBe('确认驳回（误报）');
    await dismiss.click();
    // Closed as a false alarm, it leaves the open cases (and the tap never opened its detail).
    await expect.poll(() => card.count()).toBe(0);
    expect(await page.locator('[data-testid="incident-detail"]').isHidden()).toBe(true);
  });

  it('raises a case from a camera’s popup and opens it', async () => {
    await page.locator('.cam-pin[data-camera-code="CAM-09"]').click();
    const popup = page.locator('[data-testid="camera-popup"]');
    await popup.waitFor();
    await popup.locator('[data-testid="camera-raise-type"]').selectOption('litter');
    await popup.locator('textarea').fill('路口垃圾堆放');
    await popup.locator('[data-testid="camera-raise"]').click();
    const detail = page.locator('[data-testid="incident-detail"]');
    await detail.waitFor({ state: 'visible' });
    await expect.poll(() => detail.textContent()).toContain('路口垃圾堆放');
    expect(pageErrors).toEqual([]);
  });
});
