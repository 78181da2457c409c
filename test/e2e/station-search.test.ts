/**
 * The station's search over its history (#12): by case number, address and caller's name; by state,
 * closure, category, Beijing-time days and breach; a page at a time. A station finds only the cases it
 * handed over: another station of the township and another township's station find nothing of them,
 * other roles are refused. The caller's phone stays masked and cannot be searched. Bad input is a 400
 * naming the field.
 */
import { Client } from 'pg';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, HANDBACK_API, STATION_API, type ErrorBody, type StationSearchPage, type StationSearchQuery } from '@xiaonao/contracts';
import { bearer, connectSocket, Inbox, login, loginAs, postCase, type HubSocket } from '../support/clients';
import { newIntake110, newTownshipSeed } from '../support/factories';
import { startTestHub, type TestHub } from '../support/hub';

/** The Beijing-time day `daysAgo` days before now, YYYY-MM-DD. */
const shanghaiDay = (daysAgo: number) => new Date(Date.now() + 8 * 3600_000 - daysAgo * 24 * 3600_000).toISOString().slice(0, 10);

describe('the station search: its own history, found by number, address and name, filtered', () => {
  let t: TestHub;
  let db: Client;
  const sockets: HubSocket[] = [];
  const tokens: Record<'station' | 'otherStation' | 'foreignStation' | 'operator' | 'worker', string> = { station: '', otherStation: '', foreignStation: '', operator: '', worker: '' };
  /** The station's cases: resolved today, open and breached days ago, handed to 12345 the same day late in the evening. */
  const cases: Record<'resolved' | 'stale' | 'handedOver' | 'otherStations' | 'foreign', { id: string; caseNo: string }> = {
    resolved: { id: '', caseNo: '' },
    stale: { id: '', caseNo: '' },
    handedOver: { id: '', caseNo: '' },
    otherStations: { id: '', caseNo: '' },
    foreign: { id: '', caseNo: '' },
  };
  const oldDay = shanghaiDay(3);
  let linked: ReturnType<typeof newIntake110>;

  beforeAll(async () => {
    const seed = newTownshipSeed({ workers: 1 });
    seed.stations.push({ code: 'testtown-pcs2', name: '第二派出所' });
    seed.users.push({ username: 'testtown-pcs2', password: 'pcs-pass-2', displayName: '第二派出所', role: 'station', stationCode: 'testtown-pcs2' });
    const foreign = newTownshipSeed({ code: 'othertown', origin: { lng: 120.7, lat: 30.28 } });
    // Reports within 150 m and 30 minutes of an open case of their category join it (the test hub turns this off by default).
    t = await startTestHub({ seed, extraSeeds: [foreign], env: { OFFER_TIMEOUT_MS: '120000', REPORT_LINK_RADIUS_M: '150', REPORT_LINK_WINDOW_SECONDS: '1800' } });
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    tokens.station = (await loginAs(t.url, t.seed, 'station')).token;
    tokens.otherStation = (await login(t.url, 'testtown-pcs2', 'pcs-pass-2')).token;
    tokens.foreignStation = (await loginAs(t.url, foreign, 'station')).token;
    tokens.operator = (await loginAs(t.url, t.seed, 'operator')).token;
    tokens.worker = (await loginAs(t.url, t.seed, 'worker', 'W1')).token;
    const phone = await connectSocket(t.url, tokens.worker);
    sockets.push(phone);
    const offers = new Inbox(phone, 'offer.created');
    const post = (token: string, path: string, body: object = {}) => request(t.url).post(path).set(bearer(token)).send(body);
    const intake = async (overrides: Parameters<typeof newIntake110>[0], apiKey = t.apiKey) => {
      const c = newIntake110(overrides);
      const { body } = await postCase(t.url, apiKey, c).expect(201);
      return { id: body.incidentId as string, caseNo: c.caseNo };
    };

    // Dispatched at once (a dispute) and worked to the end by W1 within its windows.
    cases.resolved = await intake({ address: '测试街道幸福路8号', callerName: '王女士', category: 'dispute' });
    await offers.next((o) => o.incidentId === cases.resolved.id);
    for (const step of [API.accept(cases.resolved.id), API.contact(cases.resolved.id), API.arrive(cases.resolved.id)]) await post(tokens.worker, step).expect(200);
    await post(tokens.worker, API.close(cases.resolved.id), { result: '双方已调解' }).expect(200);

    // Waits for an operator's confirmation (stray animals): never accepted, received three days ago just after midnight.
    cases.stale = await intake({ address: '和平小区5幢', callerName: '李先生', category: 'stray_animal' });
    // A second 110 call about the same dog, at the same spot minutes later: a report linked to the case under its own number.
    linked = newIntake110({ address: '和平小区5幢楼下', callerName: '钱女士', category: 'stray_animal' });
    expect((await postCase(t.url, t.apiKey, linked).expect(201)).body.incidentId).toBe(cases.stale.id);
    await db.query('UPDATE incident SET received_at = $2 WHERE id = $1', [cases.stale.id, `${oldDay}T00:10:00+08:00`]);

    // Handed to 12345 by an operator; received the same day late in the evening.
    // Far enough from the open stray-dog case (about 400 m) to be a case of its own.
    cases.handedOver = await intake({ address: '和平小区6幢', callerName: '赵大爷', category: 'stray_animal', location: { lng: 120.505, lat: 30.285 } });
    await post(tokens.operator, HANDBACK_API.handOver12345(cases.handedOver.id), { reasonCategory: 'public_utility', reason: '属物业职责：路灯维修' }).expect(200);
    await db.query('UPDATE incident SET received_at = $2 WHERE id = $1', [cases.handedOver.id, `${oldDay}T23:30:00+08:00`]);

    // The same street and caller, handed over by the township's other station and by another township's.
    cases.otherStations = await intake({ address: '测试街道幸福路99号', callerName: '王女士', category: 'stray_animal', policeStationCode: 'testtown-pcs2', location: { lng: 120.509, lat: 30.285 } });
    const foreignKey = foreign.apiKeys[0]?.key ?? '';
    cases.foreign = await intake({ address: '测试街道幸福路8号', callerName: '王女士', category: 'stray_animal', townshipCode: 'othertown', origin: { lng: 120.7, lat: 30.28 } }, foreignKey);
  });

  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await db?.end();
    await t?.close();
  });

  const search = async (query: StationSearchQuery, token = tokens.station) => (await request(t.url).get(STATION_API.search(query)).set(bearer(token)).expect(200)).body as StationSearchPage;
  const ids = (page: StationSearchPage) => page.items.map((i) => i.id);
  const refusal = async (url: string) => (await request(t.url).get(url).set(bearer(tokens.station)).expect(400)).body as ErrorBody;

  it('lists every case the station handed over, newest received first, with the caller’s phone masked', async () => {
    const page = await search({});
    expect(ids(page)).toEqual([cases.resolved.id, cases.handedOver.id, cases.stale.id]);
    expect(page.nextCursor).toBeNull();
    for (const item of page.items) {
      expect(item.callerPhoneMasked).toBe(true);
      expect(item.callerPhone).toContain('****');
    }
  });

  it('finds a case by its whole 110 number, by part of it and by a linked report’s number', async () => {
    expect(ids(await search({ q: cases.resolved.caseNo }))).toEqual([cases.resolved.id]);
    expect(ids(await search({ q: cases.stale.caseNo.slice(-8) }))).toEqual([cases.stale.id]);
    // The number of a report linked to the case finds the case too.
    expect(ids(await search({ q: linked.caseNo }))).toEqual([cases.stale.id]);
  });

  it('finds cases by address and by the caller’s name', async () => {
    expect(ids(await search({ q: '幸福路' }))).toEqual([cases.resolved.id]);
    expect(ids(await search({ q: '和平小区' }))).toEqual([cases.handedOver.id, cases.stale.id]);
    expect(ids(await search({ q: '李先生' }))).toEqual([cases.stale.id]);
    // What a person types is text, not a pattern.
    expect(ids(await search({ q: '%' }))).toEqual([]);
  });

  it('does not search the caller’s phone, which a station only ever sees masked', async () => {
    expect(ids(await search({ q: '13905712345' }))).toEqual([]);
  });

  it('filters by state, closure and category', async () => {
    expect(ids(await search({ state: 'open' }))).toEqual([cases.stale.id]);
    expect(ids(await search({ state: 'closed' }))).toEqual([cases.resolved.id, cases.handedOver.id]);
    expect(ids(await search({ state: 'received' }))).toEqual([cases.stale.id]);
    expect(ids(await search({ closure: 'resolved' }))).toEqual([cases.resolved.id]);
    expect(ids(await search({ closure: 'handed_to_12345' }))).toEqual([cases.handedOver.id]);
    expect(ids(await search({ closure: 'returned_to_police' }))).toEqual([]);
    expect(ids(await search({ category: 'stray_animal' }))).toEqual([cases.handedOver.id, cases.stale.id]);
    expect(ids(await search({ category: 'stray_animal', q: '赵大爷', state: 'closed' }))).toEqual([cases.handedOver.id]);
  });

  it('filters by Beijing-time days received, both ends included', async () => {
    expect(ids(await search({ from: oldDay, to: oldDay }))).toEqual([cases.handedOver.id, cases.stale.id]);
    expect(ids(await search({ from: shanghaiDay(2) }))).toEqual([cases.resolved.id]);
    expect(ids(await search({ to: shanghaiDay(4) }))).toEqual([]);
    expect(ids(await search({ from: shanghaiDay(0), to: shanghaiDay(0) }))).toEqual([cases.resolved.id]);
  });

  it('filters by whether a 1-3-8 stage missed its deadline', async () => {
    const breached = ids(await search({ breached: true }));
    expect(breached).toEqual([cases.handedOver.id, cases.stale.id]);
    expect(ids(await search({ breached: false }))).toEqual([cases.resolved.id]);
    // The answer agrees with the clocks the views show.
    const all = await search({});
    for (const item of all.items) expect(breached.includes(item.id)).toBe(item.clocks.some((c) => c.status === 'breached' || c.status === 'met_late'));
  });

  it('pages through the history with a cursor', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 5; i++) {
      const page = await search({ limit: 1, cursor });
      seen.push(...ids(page));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual([cases.resolved.id, cases.handedOver.id, cases.stale.id]);
  });

  it('shows another station of the township and another township’s station only their own cases', async () => {
    expect(ids(await search({ q: '幸福路' }, tokens.otherStation))).toEqual([cases.otherStations.id]);
    expect(ids(await search({}, tokens.otherStation))).toEqual([cases.otherStations.id]);
    expect(ids(await search({ q: '王女士' }, tokens.foreignStation))).toEqual([cases.foreign.id]);
    expect(ids(await search({ q: cases.resolved.caseNo }, tokens.foreignStation))).toEqual([]);
    expect(ids(await search({ q: cases.resolved.caseNo }, tokens.otherStation))).toEqual([]);
    // Nor can a station page from a case that is not its own.
    const foreignCursor = (await request(t.url).get(STATION_API.search({ cursor: cases.resolved.id })).set(bearer(tokens.otherStation)).expect(400)).body as ErrorBody;
    expect(foreignCursor.field).toBe('cursor');
    // A case's detail and timeline stay the station's own.
    await request(t.url).get(API.incident(cases.resolved.id)).set(bearer(tokens.station)).expect(200);
    await request(t.url).get(API.incident(cases.resolved.id)).set(bearer(tokens.otherStation)).expect(404);
    await request(t.url).get(API.incident(cases.resolved.id)).set(bearer(tokens.foreignStation)).expect(404);
  });

  it('refuses other roles and nobody', async () => {
    await request(t.url).get(STATION_API.incidents).set(bearer(tokens.operator)).expect(403);
    await request(t.url).get(STATION_API.incidents).set(bearer(tokens.worker)).expect(403);
    await request(t.url).get(STATION_API.incidents).expect(401);
  });

  it('answers bad input with a 400 naming the field', async () => {
    const cases400: [string, string][] = [
      [`${STATION_API.incidents}?state=finished`, 'state'],
      [`${STATION_API.incidents}?closure=lost`, 'closure'],
      [`${STATION_API.incidents}?category=ufo`, 'category'],
      [`${STATION_API.incidents}?from=2026-13-01`, 'from'],
      [`${STATION_API.incidents}?from=2026-02-30`, 'from'],
      [`${STATION_API.incidents}?to=yesterday`, 'to'],
      [`${STATION_API.incidents}?from=2026-12-03&to=2026-12-01`, 'to'],
      [`${STATION_API.incidents}?breached=yes`, 'breached'],
      [`${STATION_API.incidents}?limit=0`, 'limit'],
      [`${STATION_API.incidents}?limit=201`, 'limit'],
      [`${STATION_API.incidents}?limit=ten`, 'limit'],
      [`${STATION_API.incidents}?cursor=abc`, 'cursor'],
      [`${STATION_API.incidents}?q=${'长'.repeat(101)}`, 'q'],
      [`${STATION_API.incidents}?q=a&q=b`, 'q'],
      [`${STATION_API.incidents}?phone=139`, 'phone'],
    ];
    for (const [url, field] of cases400) {
      const body = await refusal(encodeURI(url));
      expect({ url, code: body.code, field: body.field }).toEqual({ url, code: 'INVALID_INPUT', field });
      expect(body.message).toContain(field);
    }
  });
});
