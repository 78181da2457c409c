/**
 * 排班推演 on the review page (#12), in Chromium against a real hub with three weeks of closed cases at
 * 10:00, 19:00 and 20:00 Beijing. The plan starts from the township's workers (no roster today), the
 * leader edits it with the quick fills and a cell, sets a long time on site, and runs it: the rates shown
 * are the POST answer's, an hour short of 95% is highlighted, and the minimum search for 19:00–21:00
 * steps K up until the model holds 95% and says so in a sentence. A search can be stopped between runs,
 * and an assumption the hub refuses shows its message.
 */
import { Client } from 'pg';
import request from 'supertest';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, STAFFING_API, type LoginResponse, type RosterView, type StaffingAsk, type StaffingView } from '@xiaonao/contracts';
import { REFRESH_REVIEW_SQL } from '../../apps/hub/src/review/review-rollup.sql';
import { belowTarget, hoursBetween, rangeRates, rateText, startingPlan } from '../../apps/web/src/review/staffing-plan';
import { bearer, loginAs } from '../support/clients';
import { newTownshipSeed } from '../support/factories';
import { startTestHub, type TestHub } from '../support/hub';
import { MovableClock } from '../support/movable-clock';
import { ensurePagesBuilt, launchChromium } from '../support/browser';

const HOURS = [10, 19, 20];
const DAYS = 20;
const STAGES = ['accept', 'contact', 'arrive', 'all138'] as const;

describe('排班推演 on the review page', () => {
  const origin = { lng: 120.5, lat: 30.28 };
  const seed = newTownshipSeed({ code: 'swtown', origin, workers: 3 });
  const clock = new MovableClock('2026-11-30T12:00:00+08:00');
  let t: TestHub;
  let pg: Client;
  let operator: LoginResponse;
  let browser: Browser | undefined;
  let page: Page;
  const pageErrors: string[] = [];
  const asked: StaffingAsk[] = [];

  beforeAll(async () => {
    ensurePagesBuilt('review.html');
    t = await startTestHub({ seed, clock });
    pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
    operator = await loginAs(t.url, seed, 'operator');
    const town = (await pg.query<{ id: string }>('SELECT id FROM township WHERE code = $1', [seed.code])).rows[0].id;
    const g1 = (await pg.query<{ id: string }>("SELECT id FROM grid WHERE township_id = $1 AND code = 'G1'", [town])).rows[0].id;
    // As test/e2e/staffing.test.ts: a closed case a day at each of HOURS, about 300 m from G1's centre.
    const ids = await pg.query<{ id: string }>(
      `WITH w AS (SELECT id FROM worker WHERE township_id = $1 ORDER BY code LIMIT 1)
       INSERT INTO incident (township_id, case_no, source, received_at, caller_name, caller_phone, address, lng, lat, category, description,
                             state, priority, grid_id, worker_id, accepted_at, contacted_at, arrived_at, closed_at, closure, result)
       SELECT $1, 'SW-' || d || '-' || h, '110', at, '测试', '13900000000', '推演路' || d || '号', $3::float8 + 0.008, $4::float8 + 0.005, 'noise', '排班推演',
              'closed', 2, $2, w.id, at + interval '30 seconds', at + interval '100 seconds', at + interval '10 minutes', at + interval '40 minutes', 'resolved', '已处置'
         FROM generate_series(1, $5::int) AS d, unnest($6::int[]) AS h, w,
              LATERAL (SELECT (('2026-11-30'::date - d) + make_interval(hours => h)) AT TIME ZONE 'Asia/Shanghai' AS at) x
       RETURNING id`,
      [town, g1, origin.lng, origin.lat, DAYS, HOURS],
    );
    await pg.query(REFRESH_REVIEW_SQL, [ids.rows.map((r) => r.id)]);

    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const hubOrigin = t.url;
    await context.route((url) => url.origin !== hubOrigin, (route) => route.abort());
    // The operator's session as the sign-in page stores it (shared/session.ts), once per context.
    await context.addInitScript((login: LoginResponse) => {
      const key = `xiaonao.session.${login.user.role}`;
      if (!localStorage.getItem(key)) localStorage.setItem(key, JSON.stringify({ ...login, localExpiresAt: Date.now() + login.expiresIn * 1000 }));
    }, operator);
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('request', (req) => {
      if (req.method() === 'POST' && new URL(req.url()).pathname === STAFFING_API.staffing) asked.push(req.postDataJSON() as StaffingAsk);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await pg?.end();
    await t?.close();
  });

  const section = () => page.getByTestId('staffing-what-if');
  const hourCell = (h: number) => page.getByTestId(`staffing-hour-${h}`);

  it('starts from the township’s workers when nobody is rostered today', async () => {
    await page.goto(`${t.url}/review.html?as=operator`);
    await section().waitFor();
    const roster = (await request(t.url).get(API.roster).set(bearer(operator.token)).expect(200)).body as RosterView;
    const start = startingPlan(roster);
    await page.waitForSelector(`[data-testid="staffing-plan"][data-start="${start.from}"]`);
    expect(await section().getAttribute('data-state')).toBe('idle');
    for (const h of [0, 12, 23]) expect(await hourCell(h).inputValue()).toBe(String(start.plan[h]));
    expect(await section().textContent()).toContain('模型推演，非预测');
  });

  it('runs the edited plan and shows the answer’s rates, the short hours highlighted', async () => {
    await page.getByTestId('staffing-weeks').fill('3');
    await page.getByTestId('staffing-fill-all-k').fill('2');
    await page.getByTestId('staffing-fill-all').click();
    await page.getByTestId('staffing-fill-from').fill('19');
    await page.getByTestId('staffing-fill-to').fill('21');
    await page.getByTestId('staffing-fill-range-k').fill('1');
    await page.getByTestId('staffing-fill-range').click();
    await hourCell(10).fill('3');
    // An hour and a half on site: the one worker of 19:00 is still busy when the 20:00 case comes.
    await page.locator('[data-testid="staffing-assumptions"] summary').click();
    await page.getByTestId('staffing-assumption-handlingMinutes').fill('90');

    const answered = page.waitForResponse((r) => new URL(r.url()).pathname === STAFFING_API.staffing && r.request().method() === 'POST');
    await page.getByTestId('staffing-run').click();
    const view = (await (await answered).json()) as StaffingView;
    await page.waitForSelector('[data-testid="staffing-what-if"][data-state="done"]');

    const plan = Array.from({ length: 24 }, (_, h) => (h === 10 ? 3 : h === 19 || h === 20 ? 1 : 2));
    expect(asked.at(-1)).toEqual({ weeks: 3, plan, assumptions: { handlingMinutes: 90 } });
    expect(view.plan).toEqual(plan);
    expect(view.simulated.overall.cases).toBe(DAYS * HOURS.length);

    const result = page.getByTestId('staffing-result');
    for (const kind of ['simulated', 'actual'] as const) {
      for (const stage of STAGES) {
        expect(await result.getByTestId(`staffing-${kind}-${stage}`).textContent(), `${kind} ${stage}`).toBe(rateText(view[kind].overall[stage]));
      }
    }
    expect(view.simulated.byHour[20]?.all138 ?? 1).toBeLessThan(0.95);
    for (let h = 0; h < 24; h++) {
      const row = result.locator(`[data-testid="staffing-by-hour"] tr[data-hour="${h}"]`);
      const rates = view.simulated.byHour[h];
      if (!rates) throw new Error(`no hour ${h} in the answer`);
      expect(await row.locator('[data-stage="plan"]').textContent()).toBe(String(plan[h]));
      expect(await row.locator('[data-stage="all138"]').textContent()).toBe(rateText(rates.all138));
      expect(await row.getAttribute('data-below'), `hour ${h}`).toBe(String(belowTarget(rates, 'all138', 0.95)));
    }
    expect(await result.locator('tr[data-hour="20"]').getAttribute('data-below')).toBe('true');
    expect(await result.textContent()).toContain('模型推演，非预测');
  });

  it('finds the fewest workers for 19:00–21:00 to hold 95%, one run per K', async () => {
    const before = asked.length;
    const search = page.getByTestId('staffing-min-search');
    await page.getByTestId('staffing-min-from').fill('19');
    await page.getByTestId('staffing-min-to').fill('21');
    await page.getByTestId('staffing-min-start').click();
    await page.waitForSelector('[data-testid="staffing-min-search"][data-state="done"]');
    const answer = await search.getByTestId('staffing-min-answer').textContent();
    const k = Number(await search.getByTestId('staffing-min-answer').getAttribute('data-k'));
    expect(answer).toContain(`19:00–21:00 至少需要 ${k} 人在岗可达 95%`);

    // K = 1, 2, … each asked once with the rest of the plan kept; the last one holds, the one before does not.
    const tries = asked.slice(before);
    expect(tries.map((a) => a.plan[19])).toEqual(Array.from({ length: k }, (_, i) => i + 1));
    expect(tries.every((a) => a.plan[10] === 3 && a.plan[18] === 2 && a.plan[21] === 2 && a.assumptions?.handlingMinutes === 90)).toBe(true);
    expect(k).toBeGreaterThan(1);
    const ratesAt = async (plan: number[]) => {
      const body = (await request(t.url).post(STAFFING_API.staffing).set(bearer(operator.token)).send({ weeks: 3, plan, assumptions: { handlingMinutes: 90 } }).expect(200)).body as StaffingView;
      return rangeRates(body.simulated.byHour, hoursBetween(19, 21)).all138 ?? 0;
    };
    const last = tries.at(-1);
    const previous = tries.at(-2);
    if (!last || !previous) throw new Error('the search asked fewer than twice');
    expect(await ratesAt(last.plan)).toBeGreaterThanOrEqual(0.95);
    expect(await ratesAt(previous.plan)).toBeLessThan(0.95);
  });

  it('stops the search between runs when asked', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let heldOne = false;
    await page.route(`**${STAFFING_API.staffing}`, async (route) => {
      if (!heldOne) {
        heldOne = true;
        await held;
      }
      await route.continue();
    });
    const before = asked.length;
    await page.getByTestId('staffing-min-start').click();
    await page.waitForSelector('[data-testid="staffing-min-search"][data-state="running"]');
    await page.getByTestId('staffing-min-cancel').click();
    release();
    await page.waitForSelector('[data-testid="staffing-min-search"][data-state="cancelled"]');
    expect(asked.length - before).toBe(1);
    expect(await page.getByTestId('staffing-min-answer').textContent()).toContain('已停止');
    await page.unroute(`**${STAFFING_API.staffing}`);
  });

  it('shows the hub’s refusal of an assumption out of range', async () => {
    await page.getByTestId('staffing-assumption-speedMps').fill('0');
    await page.getByTestId('staffing-run').click();
    await page.waitForSelector('[data-testid="staffing-what-if"][data-state="error"]');
    expect((await page.getByTestId('staffing-error').textContent())?.length).toBeGreaterThan(0);
    await page.getByTestId('staffing-assumption-speedMps').fill('');
    await page.getByTestId('staffing-run').click();
    await page.waitForSelector('[data-testid="staffing-what-if"][data-state="done"]');
    expect(await page.getByTestId('staffing-error').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
