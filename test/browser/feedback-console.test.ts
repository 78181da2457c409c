/**
 * The console's 结果反馈 panel in Chromium against a real hub and a real local receiver (#11): a result
 * the 110 side refused until the limit shows as a dead letter with its case number; 重发 delivers it,
 * the panel empties, and the receiver has it once.
 */
import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, FEEDBACK_API, type FeedbackDeadLetterView, type FeedbackSubscriptionView } from '@xiaonao/contracts';
import { bearer, connectSocket, Inbox, loginAs, postCase, until, type HubSocket } from '../support/clients';
import { newIntake110, newTownshipSeed } from '../support/factories';
import { startTestHub, type TestHub } from '../support/hub';
import { ensurePagesBuilt, launchChromium } from '../support/browser';
import { WebhookReceiver } from '../support/webhook-receiver';

describe('the console’s 结果反馈 panel', () => {
  const secret = `whsec_${randomBytes(24).toString('base64')}`;
  let t: TestHub;
  let receiver: WebhookReceiver;
  let browser: Browser | undefined;
  const phones: { token: string; socket: HubSocket; offers: Inbox<'offer.created'> }[] = [];
  const goneKey = `key-gone-${randomBytes(6).toString('hex')}`;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    ensurePagesBuilt('console.html');
    receiver = await WebhookReceiver.start(secret);
    const seed = newTownshipSeed({ workers: 2 });
    seed.apiKeys = [
      { ...seed.apiKeys[0], feedback: { webhookUrl: `${receiver.url}/110`, webhookSecret: secret, maxAttempts: 2 } },
      { name: '110 旧平台', key: goneKey, feedback: { webhookUrl: `${receiver.url}/gone`, webhookSecret: secret } },
    ];
    t = await startTestHub({ seed, env: { OFFER_TIMEOUT_MS: '600000', FEEDBACK_RETRY_SCHEDULE_SECONDS: '0,0.1', FEEDBACK_POLL_MS: '50' } });
    browser = await launchChromium();
    for (const code of ['W1', 'W2']) {
      const { token } = await loginAs(t.url, t.seed, 'worker', code);
      const socket = await connectSocket(t.url, token);
      phones.push({ token, socket, offers: new Inbox(socket, 'offer.created') });
    }
  });

  /** A case from `apiKey`, accepted by the one worker: a feedback event for its sender. */
  async function accepted(apiKey: string): Promise<{ id: string; caseNo: string }> {
    const intake = newIntake110();
    const id = (await postCase(t.url, apiKey, intake).expect(201)).body.incidentId as string;
    // Each test's case stays accepted, so each goes to whichever worker is still free.
    const phone = await Promise.any(phones.map(async (p) => (await p.offers.next((o) => o.incidentId === id), p)));
    await request(t.url).post(API.accept(id)).set(bearer(phone.token)).send({}).expect(200);
    return { id, caseNo: intake.caseNo };
  }
  const operator = async () => (await loginAs(t.url, t.seed, 'operator')).token;
  const deadLetters = async (token: string) => (await request(t.url).get(FEEDBACK_API.deadLetters).set(bearer(token)).expect(200)).body as FeedbackDeadLetterView[];

  afterAll(async () => {
    phones.forEach((p) => p.socket.disconnect());
    await browser?.close();
    await t?.close();
    await receiver?.close();
  });

  async function operatorDesk(): Promise<Page> {
    if (!browser) throw new Error('no browser');
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const origin = t.url;
    await context.route((url) => url.origin !== origin, (route) => route.abort());
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const user = t.seed.users.find((u) => u.role === 'operator');
    if (!user) throw new Error('no operator');
    await page.goto(`${t.url}/`);
    await page.fill('#username', user.username);
    await page.fill('#password', user.password);
    await page.click('#login-submit');
    await page.waitForURL(/console\.html/);
    await page.waitForSelector('#conn[data-online="true"]');
    return page;
  }

  it('shows a dead letter with the sender’s case number, and 重发 delivers it once', async () => {
    receiver.setMode('error500', '/110');
    const intake = await accepted(t.apiKey);
    const token = await operator();
    const dead = await until(() => deadLetters(token), (l) => l.some((d) => d.caseNo === intake.caseNo), 'the dead letter');

    const desk = await operatorDesk();
    await desk.locator('[data-testid="feedback-open"]').click();
    const row = desk.locator('[data-testid="feedback-dead"] tbody tr', { hasText: intake.caseNo });
    await row.waitFor();
    expect(await row.textContent()).toContain('已接单');
    expect(await row.textContent()).toContain('HTTP 500');
    const integration = desk.locator(`[data-testid="feedback-panel"] tr[data-integration="${dead.find((d) => d.caseNo === intake.caseNo)?.integrationId ?? ''}"]`);
    expect(await integration.locator('[data-testid="feedback-dead-count"]').textContent()).toBe('1');

    receiver.setMode('ok', '/110');
    await row.locator('[data-testid="feedback-resend"]').click();
    await row.waitFor({ state: 'detached' });
    const got = await until(() => Promise.resolve(receiver.on('/110').filter((r) => r.event.caseNo === intake.caseNo)), (l) => l.length >= 1, 'the resent event');
    expect(got.map((r) => r.event.type)).toEqual(['case.accepted']);
    expect(pageErrors).toEqual([]);
  });

  it('stops sending to a receiver that answers 410 Gone, and says so in the panel', async () => {
    receiver.setMode('gone410', '/gone');
    const c = await accepted(goneKey);
    const token = await operator();
    const [dead] = await until(() => deadLetters(token), (l) => l.filter((d) => d.caseNo === c.caseNo).length === 1, 'the 410 dead letter').then((l) => l.filter((d) => d.caseNo === c.caseNo));
    // At once: a 410 is not retried.
    expect(dead).toMatchObject({ lastStatus: 410, attempts: 1, integrationName: '110 旧平台' });
    const subs = (await request(t.url).get(FEEDBACK_API.subscriptions).set(bearer(token)).expect(200)).body as FeedbackSubscriptionView[];
    expect(subs.find((s) => s.integrationName === '110 旧平台')).toMatchObject({ enabled: false, disabledReason: 'gone_410' });

    const desk = await operatorDesk();
    await desk.locator('[data-testid="feedback-open"]').click();
    const row = desk.locator(`[data-testid="feedback-panel"] tr[data-integration="${dead.integrationId}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('对方已停用(410)');
    expect(receiver.on('/gone')).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
