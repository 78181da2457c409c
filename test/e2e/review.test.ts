/**
 * 研判 (#12) end to end: cases walked through a real hub (one in time with a satisfied 回访, one
 * breached on a moved clock, one returned to the police, one from another station); the roll-up
 * backed answers must equal what the cases themselves say, news told twice must not count twice,
 * the backfill must rebuild the same roll-ups, and each caller sees only its scope.
 */
import { Client } from 'pg';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  API,
  FOLLOWUP_API,
  HANDBACK_API,
  REVIEW_API,
  type GridIndexSettings,
  type GridIndexView,
  type HeatmapView,
  type IncidentDetailView,
  type RepeatCallersView,
  type RepeatPlacesView,
  type ReviewCounts,
  type ReviewRatesView,
  type ReviewTrendsView,
  type SlowestView,
} from '@xiaonao/contracts';
import { beijingDay, DEFAULT_GRID_INDEX_SETTINGS, emptyCounts, sumCounts } from '@xiaonao/domain';
import { BACKFILL_REVIEW_SQL, REFRESH_REVIEW_SQL } from '../../apps/hub/src/review/review-rollup.sql';
import { bearer, connectSocket, Inbox, loginAs, postCase, until, type HubSocket } from '../support/clients';
import { newIntake110, newTownshipSeed } from '../support/factories';
import { startTestHub, type TestHub } from '../support/hub';
import { MovableClock } from '../support/movable-clock';

const MINUTE = 60_000;

/** What a case says it counts for, read from its own clocks and closure (not from any roll-up). */
function countsOfCase(d: IncidentDetailView, satisfaction: string | null): ReviewCounts {
  const c = emptyCounts();
  const status = (stage: string) => d.clocks.find((k) => k.stage === stage)?.status ?? 'pending';
  const decided = (s: string) => s === 'met' || s === 'met_late' || s === 'breached';
  c.cases = 1;
  c.acceptDue = decided(status('accept')) ? 1 : 0;
  c.acceptInTime = status('accept') === 'met' ? 1 : 0;
  c.contactDue = decided(status('contact')) ? 1 : 0;
  c.contactInTime = status('contact') === 'met' ? 1 : 0;
  c.arriveDue = decided(status('arrive')) ? 1 : 0;
  c.arriveInTime = status('arrive') === 'met' ? 1 : 0;
  c.breached = d.clocks.some((k) => k.status === 'breached' || k.status === 'met_late') ? 1 : 0;
  c.closed = d.state === 'closed' ? 1 : 0;
  c.closedResolved = d.closure === 'resolved' ? 1 : 0;
  c.closedReturned = d.closure === 'returned_to_police' ? 1 : 0;
  c.closedHanded = d.closure === 'handed_to_12345' ? 1 : 0;
  c.closedDismissed = d.closure === 'dismissed' ? 1 : 0;
  c.followUpSatisfied = satisfaction === 'satisfied' ? 1 : 0;
  c.followUpBasic = satisfaction === 'basically_satisfied' ? 1 : 0;
  c.followUpUnsatisfied = satisfaction === 'not_satisfied' ? 1 : 0;
  return c;
}

describe('研判: the daily review over roll-ups', () => {
  const seed = newTownshipSeed({ code: 'rvtown', workers: 3 });
  seed.stations.push({ code: 'rvtown-pcs2', name: 'rvtown 二所' });
  seed.users.push({ username: 'rvtown-pcs2', password: 'pcs-pass-2', displayName: '二所', role: 'station', stationCode: 'rvtown-pcs2' });
  const other = newTownshipSeed({ code: 'rvother', origin: { lng: 121.5, lat: 31.2 }, workers: 1 });
  const clock = new MovableClock();
  let t: TestHub;
  let pg: Client;
  let operator: string;
  let station: string;
  let otherOperator: string;
  const sockets: HubSocket[] = [];
  const phones: Record<string, { token: string; offers: Inbox<'offer.created'> }> = {};
  const cases: { id: string; satisfaction: string | null }[] = [];
  let breachedId = '';
  let pcs2Id = '';

  beforeAll(async () => {
    t = await startTestHub({ seed, extraSeeds: [other], clock, env: { OFFER_TIMEOUT_MS: '600000' } });
    pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
    operator = (await loginAs(t.url, seed, 'operator')).token;
    station = (await loginAs(t.url, seed, 'station')).token;
    otherOperator = (await loginAs(t.url, other, 'operator')).token;
    for (const code of ['W1', 'W2', 'W3']) {
      const { token } = await loginAs(t.url, seed, 'worker', code);
      const socket = await connectSocket(t.url, token);
      sockets.push(socket);
      phones[code] = { token, offers: new Inbox(socket, 'offer.created') };
    }
  });

  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await pg?.end();
    await t?.close();
  });

  const as = (token: string) => bearer(token);
  const detail = async (id: string) => (await request(t.url).get(API.incident(id)).set(as(operator)).expect(200)).body as IncidentDetailView;
  const get = (path: string, token: string, query: Record<string, string | number> = {}) => request(t.url).get(path).query(query).set(as(token));
  const today = () => beijingDay(clock.now());

  async function newCase(stationCode = 'rvtown-pcs'): Promise<{ id: string; who: string }> {
    const intake = newIntake110({ townshipCode: seed.code, receivedAt: clock.now().toISOString(), policeStationCode: stationCode });
    const id = (await postCase(t.url, t.apiKey, intake).expect(201)).body.incidentId as string;
    const who = await Promise.any(Object.entries(phones).map(async ([code, p]) => (await p.offers.next((o) => o.incidentId === id), code)));
    return { id, who };
  }

  async function step(who: string, path: string, body: object = {}): Promise<void> {
    const res = await request(t.url).post(path).set(as(phones[who].token)).send(body);
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
  }

  async function workThrough(id: string, who: string): Promise<void> {
    await step(who, API.contact(id));
    await step(who, API.arrive(id));
    await step(who, API.close(id), { result: '已处置完毕' });
  }

  it('walks four cases: breached on a moved clock, in time with a satisfied 回访, returned to the police, and one of another station', async () => {
    // Breached: accepted in time, then nobody calls for ten minutes (contact and arrive breach), done late.
    const b = await newCase();
    breachedId = b.id;
    await step(b.who, API.accept(b.id));
    clock.advance(10 * MINUTE);
    await until(detail.bind(null, b.id), (d) => d.timeline.filter((e) => e.type === 'clock_breached').length >= 2, 'contact and arrive breached');
    await workThrough(b.id, b.who);
    cases.push({ id: b.id, satisfaction: null });

    // In time, then a satisfied 回访.
    const a = await newCase();
    await step(a.who, API.accept(a.id));
    await workThrough(a.id, a.who);
    await request(t.url).post(FOLLOWUP_API.record(a.id)).set(as(operator)).send({ reached: true, satisfaction: 'satisfied', solved: true }).expect(200);
    cases.push({ id: a.id, satisfaction: 'satisfied' });

    // Returned to the police after acceptance.
    const c = await newCase();
    await step(c.who, API.accept(c.id));
    await step(c.who, HANDBACK_API.returnToPolice(c.id), { reasonCategory: 'violence', reason: '双方持械斗殴，已升级为治安案件' });
    cases.push({ id: c.id, satisfaction: null });

    // Another station's case, in time.
    const d = await newCase('rvtown-pcs2');
    pcs2Id = d.id;
    await step(d.who, API.accept(d.id));
    await workThrough(d.id, d.who);
    cases.push({ id: d.id, satisfaction: null });
    expect((await detail(c.id)).closure).toBe('returned_to_police');
  });

  it('answers 1-3-8 rates from the roll-ups equal to what the cases say, by category, grid, source and station', async () => {
    const expected = sumCounts(await Promise.all(cases.map(async (c) => countsOfCase(await detail(c.id), c.satisfaction))));
    expect(expected).toMatchObject({ cases: 4, breached: 1, closedReturned: 1, followUpSatisfied: 1 });
    const period = { from: today(), to: today() };
    for (const by of ['category', 'grid', 'source', 'station', 'worker']) {
      const v = (await get(REVIEW_API.rates, operator, { ...period, by }).expect(200)).body as ReviewRatesView;
      expect(v.total.counts).toEqual(expected);
      if (by !== 'worker') expect(sumCounts(v.rows.map((r) => r.counts))).toEqual(expected);
    }
    const byGrid = (await get(REVIEW_API.rates, operator, { ...period, by: 'grid' }).expect(200)).body as ReviewRatesView;
    expect(byGrid.rows.map((r) => r.label)).toEqual(['第一网格']);
    expect(byGrid.total.rates.accept).toBe(1);
    expect(byGrid.total.rates.arrive).toBe(expected.arriveInTime / expected.arriveDue);
    const byStation = (await get(REVIEW_API.rates, operator, { ...period, by: 'station' }).expect(200)).body as ReviewRatesView;
    expect(byStation.rows.map((r) => [r.label, r.counts.cases])).toEqual([['rvtown派出所', 3], ['rvtown 二所', 1]]);
  });

  it('does not count twice when news is told again, and the backfill rebuilds the same roll-ups', async () => {
    const snapshot = async () =>
      (await pg.query<{ row: string }>(`SELECT (dim, day, station_key, key, cases, accept_due, accept_ok, contact_due, contact_ok, arrive_due, arrive_ok, breached, closed, closed_returned, fu_satisfied)::text AS row FROM review_daily WHERE cases <> 0 ORDER BY 1`)).rows.map((r) => r.row);
    const before = await snapshot();
    expect(before.length).toBeGreaterThan(0);
    for (let i = 0; i < 2; i++) {
      await pg.query('BEGIN');
      await pg.query(REFRESH_REVIEW_SQL, [cases.map((c) => c.id)]);
      await pg.query('COMMIT');
    }
    expect(await snapshot()).toEqual(before);
    await pg.query('BEGIN');
    for (const statement of BACKFILL_REVIEW_SQL) await pg.query(statement);
    await pg.query('COMMIT');
    expect(await snapshot()).toEqual(before);
  });

  it('shows a station only the cases it handed over, another township nothing, and a worker nothing at all', async () => {
    const period = { from: today(), to: today() };
    const mine = (await get(REVIEW_API.rates, station, { ...period, by: 'category' }).expect(200)).body as ReviewRatesView;
    expect(mine.total.counts.cases).toBe(3);
    const slow = (await get(REVIEW_API.slowest, station, period).expect(200)).body as SlowestView;
    expect(slow.cases.map((c) => c.id)).not.toContain(pcs2Id);
    const foreign = (await get(REVIEW_API.rates, otherOperator, { ...period, by: 'grid' }).expect(200)).body as ReviewRatesView;
    expect(foreign.total.counts.cases).toBe(0);
    expect(foreign.rows).toEqual([]);
    await get(REVIEW_API.rates, phones.W1.token, period).expect(403);
    await get(REVIEW_API.export, phones.W1.token, { table: 'rates' }).expect(403);
    await get(REVIEW_API.gridIndex, station).expect(403);
    await get(REVIEW_API.settings, station).expect(403);
  });

  it('finds the slowest arrival first, the repeat place and caller, and puts every case on the heat map and the trends', async () => {
    const period = { from: today(), to: today() };
    const slow = (await get(REVIEW_API.slowest, operator, period).expect(200)).body as SlowestView;
    expect(slow.cases[0].id).toBe(breachedId);
    expect(slow.cases[0].arriveSeconds).toBeGreaterThan(480);
    const places = (await get(REVIEW_API.repeatPlaces, operator, { ...period, minCases: 3, days: 7 }).expect(200)).body as RepeatPlacesView;
    expect(places.places).toEqual([expect.objectContaining({ address: '测试街道幸福路8号', cases: 4, peak: 4 })]);
    const near = (await get(REVIEW_API.repeatPlaces, station, { ...period, minCases: 3, days: 7, radiusM: 200 }).expect(200)).body as RepeatPlacesView;
    expect(near.places).toEqual([expect.objectContaining({ cases: 3 })]);
    const callers = (await get(REVIEW_API.repeatCallers, station, { ...period, minCases: 2 }).expect(200)).body as RepeatCallersView;
    expect(callers.callers).toEqual([expect.objectContaining({ phone: '139****2345', cases: 3 })]);
    const heat = (await get(REVIEW_API.heatmap, operator, period).expect(200)).body as HeatmapView;
    expect(heat.points.reduce((n, p) => n + p.weight, 0)).toBe(4);
    const trends = (await get(REVIEW_API.trends, operator, period).expect(200)).body as ReviewTrendsView;
    expect(trends.byHour).toHaveLength(24);
    expect(trends.byHour.reduce((n, r) => n + r.counts.cases, 0)).toBe(4);
    expect(trends.byWeekday.reduce((n, r) => n + r.counts.cases, 0)).toBe(4);
  });

  it('keeps the grid index settings: defaults, refusals naming the field, and a monthly table with its inputs', async () => {
    const got = (await get(REVIEW_API.settings, operator).expect(200)).body as GridIndexSettings;
    expect(got).toEqual(DEFAULT_GRID_INDEX_SETTINGS);
    const put = (body: object) => request(t.url).put(REVIEW_API.settings).set(as(operator)).send({ ...DEFAULT_GRID_INDEX_SETTINGS, ...body });
    expect((await put({ weights: { ...DEFAULT_GRID_INDEX_SETTINGS.weights, arrive: -1 } }).expect(400)).body.field).toBe('weights.arrive');
    expect((await put({ bands: { green: 80, blue: 85, orange: 70 } }).expect(400)).body.field).toBe('bands.blue');
    expect((await put({ residents: { G1: 'many' } }).expect(400)).body.field).toBe('residents.G1');
    expect((await put({ repeatDays: 0 }).expect(400)).body.field).toBe('repeatDays');
    await request(t.url).put(REVIEW_API.settings).set(as(station)).send(DEFAULT_GRID_INDEX_SETTINGS).expect(403);
    const saved = (await put({ residents: { G1: 2000 } }).expect(200)).body as GridIndexSettings;
    expect(saved.residents).toEqual({ G1: 2000 });

    const index = (await get(REVIEW_API.gridIndex, operator, { month: today().slice(0, 7) }).expect(200)).body as GridIndexView;
    const g1 = index.rows.find((r) => r.gridCode === 'G1');
    expect(g1?.inputs).toMatchObject({ cases: 4, residents: 2000, casesPer1000: 2, repeatCases: 4 });
    expect(g1?.terms.repeats).toBe(0);
    expect(g1?.terms.volume).toBe(0.9);
    expect(g1?.score).not.toBeNull();
    expect(['green', 'blue', 'orange', 'red']).toContain(g1?.band);
    const g2 = index.rows.find((r) => r.gridCode === 'G2');
    expect(g2).toMatchObject({ score: null, band: null, inputs: { cases: 0 } });
    expect((await get(REVIEW_API.gridIndex, operator, { month: '2026-13' }).expect(400)).body.field).toBe('month');
  });

  it('exports every table as CSV with a byte-order mark', async () => {
    const period = { from: today(), to: today() };
    for (const table of ['rates', 'trends', 'repeat-places', 'repeat-callers', 'slowest', 'heatmap', 'grid-index']) {
      const res = await get(REVIEW_API.export, operator, { ...period, table, minCases: 2 })
        .buffer(true)
        .parse((r, done) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
      expect(res.headers['content-type']).toContain('text/csv');
      const body = res.body as Buffer;
      expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('研判-')}`);
    }
    const rates = await get(REVIEW_API.export, station, { ...period, table: 'rates', by: 'category' }).expect(200);
    expect(rates.text).toContain('纠纷,3,');
    expect((await get(REVIEW_API.export, operator, { table: 'nope' }).expect(400)).body.field).toBe('table');
  });
});
