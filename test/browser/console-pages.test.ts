/**
 * Paging in the operator console, in Chromium against a real hub paging through the DingTalk and
 * Aliyun stand-ins: a case whose worker does not answer shows every attempt to reach them in the
 * case detail, each status arriving live; the 提醒链 panel saves the chains and puts a refused field
 * next to its input. Every wait is on state (a selector, an attribute, a request), never on time.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, type NotifySettingsRequest, type NotifySettingsView, type NotifyStepView } from '@xiaonao/contracts';
import type { AliyunStandIn } from '../../apps/sim/src/standins/aliyun-standin';
import type { DingtalkStandIn } from '../../apps/sim/src/standins/dingtalk-standin';
import { startProviderStandIns, type ProviderStandIns } from '../../apps/sim/src/standins/provider-standins';
import { bearer, loginAs, postCase } from '../support/clients';
import { newIntake110, newTownshipSeed } from '../support/factories';
import { startTestHub, type TestHub } from '../support/hub';
import { TEST_PROVIDER_KEYS } from '../support/provider-keys';
import { ensurePagesBuilt, launchChromium } from '../support/browser';
import { STATE_WAIT_MS } from '../support/patience';

const SCREENSHOT = process.env.CONSOLE_PAGES_SCREENSHOT || '/tmp/console-pages.png';

/** Long enough for the whole chain below to run while the case is still offered. */
const OFFER_TIMEOUT_MS = 15_000;

/** The same steps day and night, so the test does not depend on the hour it runs at. */
function chain(steps: NotifyStepView[]): NotifySettingsRequest {
  return { nightStart: '00:00', nightEnd: '06:00', chains: [{ category: null, day: steps, night: steps }] };
}

describe('paging in the operator console', () => {
  const seed = newTownshipSeed({ workers: 3 });
  seed.workers.forEach((w) => (w.dingtalkUserId = `ding-${w.code}`));
  let hub: TestHub | undefined;
  let providers: ProviderStandIns | undefined;
  let dingtalk: DingtalkStandIn | undefined;
  let aliyun: AliyunStandIn | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let operatorToken = '';
  const pageErrors: string[] = [];

  beforeAll(async () => {
    ensurePagesBuilt();
    providers = await startProviderStandIns(TEST_PROVIDER_KEYS);
    ({ dingtalk, aliyun } = providers);
    hub = await startTestHub({ seed, env: { OFFER_TIMEOUT_MS: String(OFFER_TIMEOUT_MS), ...providers.env } });
    operatorToken = (await loginAs(hub.url, seed, 'operator')).token;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // Map tiles come from the internet; the console must work without them, so the test keeps them out.
    const origin = hub.url;
    await page.route((url) => url.origin !== origin, (route) => route.abort());

    const operator = seed.users.find((u) => u.role === 'operator');
    if (!operator) throw new Error('the test township has no operator');
    await page.goto(`${hub.url}/`);
    await page.fill('#username', operator.username);
    await page.fill('#password', operator.password);
    await page.click('#login-submit');
    await page.waitForURL(/console\.html/);
    // Live updates need the socket; wait for it before any case is sent.
    await page.waitForSelector('#conn[data-online="true"]');
  });

  afterAll(async () => {
    await browser?.close();
    await hub?.close();
    await providers?.close();
  });

  async function putSettings(settings: NotifySettingsRequest): Promise<void> {
    if (!hub) throw new Error('hub did not start');
    const response = await fetch(`${hub.url}${API.notifySettings}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...bearer(operatorToken) },
      body: JSON.stringify(settings),
    });
    expect(response.status).toBe(200);
  }

  it('shows every attempt to reach a worker who does not answer, live, and tells a missed accept', async () => {
    if (!hub || !dingtalk || !aliyun) throw new Error('hub did not start');
    // Nobody's phone page is open: the socket step fails at once and DingTalk goes with it.
    await putSettings(
      chain([
        { channel: 'socket', afterSeconds: 0 },
        { channel: 'dingtalk', afterSeconds: 0 },
        { channel: 'sms', afterSeconds: 2 },
        { channel: 'voice', afterSeconds: 4 },
      ]),
    );
    for (const w of seed.workers) {
      dingtalk.behave(`ding-${w.code}`, { result: 'read' });
      aliyun.behave(w.phone, { product: 'sms', result: 'failed', errCode: 'MK:0004' });
      aliyun.behave(w.phone, { product: 'voice', result: 'answered' });
    }
    await page.evaluate(() => {
      document.body.dataset.sameDocument = 'yes';
    });
    const pagesFetched: string[] = [];
    page.on('request', (r) => {
      if (/\/api\/incidents\/[^/]+\/pages$/.test(new URL(r.url()).pathname)) pagesFetched.push(r.url());
    });

    const intake = newIntake110();
    await postCase(hub.url, hub.apiKey, intake).expect(201);
    const card = page.locator(`[data-testid="incident-card"][data-case-no="${intake.caseNo}"]`);
    await expect.poll(() => card.getAttribute('data-state')).toBe('offered');
    await card.click();

    const section = page.locator('[data-testid="incident-detail"] [data-testid="page-attempts"]');
    const offer = section.locator('[data-testid="page-offer"]').first();
    const row = (channel: string) => offer.locator(`[data-testid="page-attempt"][data-channel="${channel}"]`);
    const rowWith = (channel: string, status: string) => offer.locator(`[data-testid="page-attempt"][data-channel="${channel}"][data-status="${status}"]`);
    await offer.waitFor();
    const fetchedOnOpen = pagesFetched.length;

    // Each status as the hub records it: the page was closed, the notice read, the text failed, the call answered.
    await rowWith('socket', 'failed').waitFor();
    await rowWith('dingtalk', 'read').waitFor();
    await rowWith('sms', 'failed').waitFor();
    await rowWith('voice', 'answered').waitFor();
    // Live: the case itself has not changed meanwhile (still offered), so nothing but the socket brought these.
    expect(await card.getAttribute('data-state')).toBe('offered');
    expect(pagesFetched.length).toBe(fetchedOnOpen);
    expect(await row('dingtalk').locator('td').nth(1).textContent()).toBe('钉钉工作通知');
    expect(await row('dingtalk').locator('.page-status').textContent()).toBe('已读');
    expect(await row('dingtalk').locator('.page-status').getAttribute('data-tone')).toBe('reached');
    expect(await row('sms').locator('.page-status').textContent()).toBe('失败');
    expect(await row('sms').locator('.page-status').getAttribute('data-tone')).toBe('failed');
    expect(await row('voice').locator('.page-status').textContent()).toBe('已接听');
    expect(await row('sms').locator('[data-testid="page-detail"]').textContent()).toContain('MK:0004');
    // Times in Beijing time, to the second.
    expect(await row('dingtalk').locator('td').nth(4).textContent()).toMatch(/^\d\d:\d\d:\d\d$/);
    // The timeline reads each change as channel · status.
    const timeline = page.locator('[data-testid="incident-detail"] .timeline');
    await timeline.locator('li[data-type="paged"]', { hasText: '钉钉工作通知 · 已读' }).first().waitFor();

    // Read and answered, yet no accept: when the offer lapses it shows as a missed accept, not a missed message.
    const expired = section.locator(`[data-testid="page-offer"][data-offer-id="${await offer.getAttribute('data-offer-id')}"]`);
    await expect.poll(() => expired.getAttribute('data-outcome'), { timeout: OFFER_TIMEOUT_MS + STATE_WAIT_MS }).toBe('expired');
    expect(await expired.getAttribute('data-reach')).toBe('reached');
    expect(await expired.locator('[data-testid="page-reach"]').textContent()).toBe('已读未接单');
    // The case passed on to the next worker: their attempts come as a group of their own, on top.
    await expect.poll(() => section.locator('[data-testid="page-offer"]').count()).toBeGreaterThan(1);
    await section.locator('[data-testid="page-offer"]').first().locator('[data-testid="page-attempt"][data-channel="dingtalk"][data-status="read"]').waitFor();
    expect(await page.getAttribute('body', 'data-same-document')).toBe('yes');

    await page.locator('[data-testid="incident-detail"] h3', { hasText: '提醒记录' }).evaluate((el) => el.scrollIntoView());
    await page.screenshot({ path: SCREENSHOT });
    expect(pageErrors).toEqual([]);
  });

  it('shows whether each candidate can be reached', async () => {
    const badges = page.locator('[data-testid="recommendation"] [data-testid="reach-badge"]');
    await expect.poll(() => badges.count()).toBeGreaterThan(0);
    expect(['可联系', '存疑', '联系不上']).toContain(await badges.first().textContent());
  });

  it('edits the chains in the 提醒链 panel, marks a refused field next to its input, and saves', async () => {
    if (!hub) throw new Error('hub did not start');
    await putSettings(chain([{ channel: 'socket', afterSeconds: 0 }, { channel: 'dingtalk', afterSeconds: 5 }]));
    await page.click('[data-testid="notify-settings-open"]');
    const panel = page.locator('[data-testid="notify-settings-panel"]');
    const general = panel.locator('[data-testid="notify-chain"][data-category="*"]');
    const day = general.locator('[data-part="day"]');
    await day.locator('[data-testid="notify-step"]').nth(1).waitFor();
    // WeCom has no provider on this hub.
    expect(await panel.locator('[data-channel="wecom"][data-configured="false"]').textContent()).toContain('未配置');

    // A third day step, moved up to second, with a delay the hub refuses.
    await day.locator('[data-testid="notify-add-step"]').click();
    const steps = day.locator('[data-testid="notify-step"]');
    await expect.poll(() => steps.count()).toBe(3);
    await steps.nth(2).locator('[data-testid="notify-step-channel"]').selectOption('voice');
    await steps.nth(2).locator('button[aria-label="上移"]').click();
    expect(await steps.nth(1).locator('[data-testid="notify-step-channel"]').inputValue()).toBe('voice');
    await steps.nth(1).locator('[data-testid="notify-step-after"]').fill('99999');
    await panel.locator('[data-testid="notify-save"]').click();
    const error = panel.locator('[data-testid="notify-field-error"]');
    await error.waitFor();
    expect(await error.getAttribute('data-for')).toBe('chains[0].day[1].afterSeconds');
    expect(await steps.nth(1).locator('[data-testid="notify-step-after"]').getAttribute('aria-invalid')).toBe('true');

    // Between its neighbours: the hub keeps each step no earlier than the one before.
    await steps.nth(1).locator('[data-testid="notify-step-after"]').fill('3');
    const saved = page.waitForResponse((r) => r.url().endsWith(API.notifySettings) && r.request().method() === 'PUT');
    await panel.locator('[data-testid="notify-save"]').click();
    expect((await saved).status()).toBe(200);
    await error.waitFor({ state: 'detached' });
    const stored = (await (await fetch(`${hub.url}${API.notifySettings}`, { headers: bearer(operatorToken) })).json()) as NotifySettingsView;
    expect(stored.chains.find((c) => c.category === null)?.day).toEqual([
      { channel: 'socket', afterSeconds: 0 },
      { channel: 'voice', afterSeconds: 3 },
      { channel: 'dingtalk', afterSeconds: 5 },
    ]);
    expect(pageErrors).toEqual([]);
  });
});
