/**
 * The console ready for a real shift (#12), in Chromium against a real hub: the list puts a breached
 * case first; a new case and a breach sound; the open case's timeline shows 预警, 超时 and 升级处置 (with
 * what the escalation did) at once, without waiting for a change of state; people appear by name, not
 * login; and the workers below the top 12 of a recommendation open up with their reasons.
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

/** What the page's sounds did: each successful play() with the sound it played, and each refusal. */
interface SoundLog {
  __played: string[];
  __refused: string[];
}

describe('the console on a shift: urgency first, sounds, live timelines, names, every candidate', () => {
  const clock = new MovableClock();
  const seed = newTownshipSeed({ workers: 16 });
  // Two off duty, so a recommendation has workers skipped for a reason.
  for (const w of seed.workers.slice(14)) w.onDuty = false;
  let t: TestHub;
  let browser: Browser | undefined;
  const sockets: HubSocket[] = [];
  const pageErrors: string[] = [];
  let w1: { token: string; offers: Inbox<'offer.created'> };

  beforeAll(async () => {
    ensurePagesBuilt('console.html');
    t = await startTestHub({ seed, clock, env: { OFFER_TIMEOUT_MS: '600000' } });
    browser = await launchChromium();
    const w = await loginAs(t.url, t.seed, 'worker', 'W1');
    const socket = await connectSocket(t.url, w.token);
    sockets.push(socket);
    w1 = { token: w.token, offers: new Inbox(socket, 'offer.created') };
  });

  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await browser?.close();
    await t?.close();
  });

  /** `refuse`: play() fails as a browser refuses autoplay, until the page is clicked. */
  async function signedIn(refuse = false): Promise<Page> {
    if (!browser) throw new Error('no browser');
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const origin = t.url;
    await context.route((url) => url.origin !== origin, (route) => route.abort());
    await context.addInitScript((refusing: boolean) => {
      const log = window as unknown as SoundLog;
      log.__played = [];
      log.__refused = [];
      let allowed = !refusing;
      document.addEventListener('pointerdown', () => (allowed = true), true);
      const play = Reflect.get<HTMLMediaElement, 'play'>(HTMLMediaElement.prototype, 'play');
      HTMLMediaElement.prototype.play = function (this: HTMLMediaElement) {
        const sound = this.dataset.sound ?? '';
        const started = allowed ? play.call(this) : Promise.reject(new DOMException('play() needs a gesture', 'NotAllowedError'));
        return started.then(
          () => void log.__played.push(sound),
          (e: unknown) => {
            log.__refused.push(sound);
            throw e;
          },
        );
      };
    }, refuse);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const user = t.seed.users.find((u) => u.role === 'operator');
    if (!user) throw new Error('no operator');
    await page.goto(`${t.url}/`);
    await page.fill('#username', user.username);
    await page.fill('#password', user.password);
    // The sign-in click is the gesture that lets the console play sounds.
    await page.click('#login-submit');
    await page.waitForURL(/console\.html/);
    await page.waitForSelector('#conn[data-online="true"]');
    return page;
  }

  const played = (page: Page) => page.evaluate(() => (window as unknown as SoundLog).__played);

  async function newCase(): Promise<{ id: string; caseNo: string }> {
    const intake = newIntake110({ receivedAt: clock.now().toISOString() });
    const id = (await postCase(t.url, t.apiKey, intake).expect(201)).body.incidentId as string;
    return { id, caseNo: intake.caseNo };
  }

  it('puts a breached case first, sounds it and shows its breach and escalation in the open timeline at once', async () => {
    const desk = await signedIn();
    // A: W1 accepts it, then nobody calls the party.
    const a = await newCase();
    await w1.offers.next((o) => o.incidentId === a.id);
    await request(t.url).post(API.accept(a.id)).set(bearer(w1.token)).send({}).expect(200);
    const cardA = desk.locator(`[data-testid="incident-card"][data-case-no="${a.caseNo}"]`);
    await expect.poll(() => cardA.getAttribute('data-state')).toBe('accepted');
    await cardA.click();
    const timeline = desk.locator('#incident-detail .timeline');
    await timeline.locator('li[data-type="accepted"]').waitFor();

    // Ten minutes later the contact and arrival clocks have breached; the state has not moved.
    clock.advance(10 * 60_000);
    const breached = timeline.locator('li[data-type="clock_breached"]');
    await expect.poll(() => breached.count()).toBe(2);
    expect(await timeline.locator('li[data-type="clock_at_risk"]').count()).toBe(2);
    const escalations = timeline.locator('li[data-type="escalated"]');
    await expect.poll(() => escalations.count()).toBe(2);
    // What each escalation did: the console alarmed, and for the arrival the case's police station was informed.
    const said = (await escalations.allTextContents()).join('\n');
    expect(said).toContain('指挥台告警');
    expect(said).toContain('通报派出所（testtown派出所）');
    expect((await request(t.url).get(API.incident(a.id)).set(bearer(w1.token)).expect(200)).body.state).toBe('accepted');
    await expect.poll(() => played(desk)).toContain('breach');

    // Names, not logins: the worker who accepted is 网格员1, never testtown-w1.
    expect(await timeline.locator('li[data-type="accepted"] .tl-actor').textContent()).toContain('网格员1');
    expect(await timeline.textContent()).not.toContain('testtown-w1');

    // Two newer cases arrive (a chime each); the breached one still leads the list.
    const b = await newCase();
    const c = await newCase();
    for (const x of [b, c]) await desk.locator(`[data-testid="incident-card"][data-case-no="${x.caseNo}"]`).waitFor();
    await expect.poll(async () => (await played(desk)).filter((s) => s === 'arrival').length).toBeGreaterThanOrEqual(1);
    const order = async () => desk.locator('#incident-list [data-testid="incident-card"]').evaluateAll((cards) => cards.map((card) => card.getAttribute('data-case-no')));
    await expect.poll(order).toEqual([a.caseNo, expect.any(String), expect.any(String)]);
    // The card's colour follows the page's second's tick, which learns the hub's moved clock from its answers.
    await expect.poll(() => cardA.getAttribute('data-worst')).toBe('breached');
    expect(pageErrors).toEqual([]);
  });

  it('opens the workers below the top twelve with their reasons, names the operator, and remembers the mute toggle', async () => {
    const desk = await signedIn();
    const d = await newCase();
    const card = desk.locator(`[data-testid="incident-card"][data-case-no="${d.caseNo}"]`);
    await card.waitFor();
    await card.click();
    const more = desk.locator('[data-testid="candidates-more"]');
    await more.waitFor();
    const summary = (await more.locator('summary').textContent()) ?? '';
    expect(summary).toMatch(/另有 \d+ 人未列出/);
    expect(summary).toContain('不在岗 2');
    const offDuty = desk.locator('[data-testid="candidates-rest"] li[data-skipped="off_duty"]');
    expect(await offDuty.first().isVisible()).toBe(false);
    await more.locator('summary').click();
    await offDuty.first().waitFor({ state: 'visible' });
    expect(await offDuty.count()).toBe(2);
    expect(await offDuty.first().textContent()).toContain('不在岗');

    // The operator reassigns it by hand: the timeline names 值班员, not the login testtown-op.
    await desk.locator('[data-testid="assign-button"]').click();
    const byOperator = desk.locator('#incident-detail .timeline li[data-type="assigned_by_operator"] .tl-actor');
    await byOperator.waitFor();
    expect(await byOperator.textContent()).toContain('值班员');
    expect(await desk.locator('#incident-detail .timeline').textContent()).not.toContain('testtown-op');

    // Muted, and still muted after a reload: a new case no longer chimes.
    const toggle = desk.locator('[data-testid="sound-toggle"]');
    await toggle.click();
    expect(await toggle.getAttribute('data-muted')).toBe('true');
    await desk.reload();
    await desk.waitForSelector('#conn[data-online="true"]');
    expect(await desk.locator('[data-testid="sound-toggle"]').getAttribute('data-muted')).toBe('true');
    const e = await newCase();
    await desk.locator(`[data-testid="incident-card"][data-case-no="${e.caseNo}"]`).waitFor();
    expect(await played(desk)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  // Cases from the tests above still warn and breach meanwhile: the hint may come from their alarms too.
  it('asks for a click when the browser refuses to play, and plays once clicked', async () => {
    const desk = await signedIn(true);
    const hint = desk.locator('[data-testid="sound-hint"]');
    // A case that arrives before the first load is in is loaded, not announced: wait for the live state.
    await desk.waitForSelector('body[data-live-loaded="true"]');
    const f = await newCase();
    await desk.locator(`[data-testid="incident-card"][data-case-no="${f.caseNo}"]`).waitFor();
    await hint.waitFor({ state: 'visible' });
    expect(await hint.textContent()).toContain('点击开启提示音');
    await hint.click();
    await hint.waitFor({ state: 'hidden' });
    await expect.poll(() => played(desk)).toContain('arrival');
    expect(pageErrors).toEqual([]);
  });
});
