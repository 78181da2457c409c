/**
 * The district view's scope (#13, docs/regions.md): a district account of 萧山区 sees the two townships
 * under it — their rates, open cases, workers, each case read-only with its timeline — and nothing of a
 * township in another district; a city account sees every district under the city (regions nest, as
 * data); every change is refused to region accounts, and their sockets hear their townships' news only.
 */
import type { OpenAPIObject } from '@nestjs/swagger';
import { Client } from 'pg';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, MAP_TILES_API, REGION_API, REVIEW_API, type IncidentDetailView, type RegionMapView, type RegionOverview, type RegionSeed, type SessionUser, type TownshipSeed } from '@xiaonao/contracts';
import { bearer, connectSocket, Inbox, login, loginAs, postCase, until, type HubSocket } from '../support/clients';
import { newIntake110, newRegionSeed, newTownshipSeed } from '../support/factories';
import { startTestHub, type TestHub } from '../support/hub';
import { MovableClock } from '../support/movable-clock';
import { documentedRoutes, expectationFor, routeName } from '../support/route-sweep';
import { STATE_WAIT_MS } from '../support/patience';

const MINUTE = 60_000;
const CITY: RegionSeed = {
  code: 'rs-city',
  name: '测试市',
  kind: 'city',
  users: [{ username: 'rs-city-district', password: 'city-pass-1', displayName: '市指挥中心', role: 'district' }],
};
const XSQ = newRegionSeed('rs-xsq', '测试萧山区');
const YHQ = newRegionSeed('rs-yhq', '测试余杭区');

const inRegions = (seed: TownshipSeed, ...regions: RegionSeed[]): TownshipSeed => ({ ...seed, regions });
const ORIGIN = { one: { lng: 120.5, lat: 30.28 }, two: { lng: 120.6, lat: 30.28 }, three: { lng: 120.7, lat: 30.4 } };
const one = inRegions(newTownshipSeed({ code: 'rsone', origin: ORIGIN.one, workers: 2 }), CITY, XSQ);
const two = inRegions(newTownshipSeed({ code: 'rstwo', origin: ORIGIN.two, workers: 2 }), CITY, XSQ);
const three = inRegions(newTownshipSeed({ code: 'rsthree', origin: ORIGIN.three, workers: 2 }), CITY, YHQ);

describe('区/市 accounts: the townships under their region and nothing else', () => {
  const clock = new MovableClock();
  let t: TestHub;
  let district = '';
  let admin = '';
  let city = '';
  let otherDistrict = '';
  const ids: Record<'one' | 'two' | 'three', string> = { one: '', two: '', three: '' };
  const cases: Record<'one' | 'two' | 'three', string> = { one: '', two: '', three: '' };
  const sockets: HubSocket[] = [];

  const get = (path: string, token: string) => request(t.url).get(path).set(bearer(token));

  beforeAll(async () => {
    t = await startTestHub({ seed: one, extraSeeds: [two, three], clock, env: { OFFER_TIMEOUT_MS: '3600000' } });
    for (const key of ['one', 'two', 'three'] as const) ids[key] = t.hub.townships.find((x) => x.code === { one, two, three }[key].code)?.id ?? '';
    district = (await loginAs(t.url, one, 'district')).token;
    admin = (await loginAs(t.url, one, 'admin')).token;
    otherDistrict = (await loginAs(t.url, three, 'district')).token;
    city = (await login(t.url, 'rs-city-district', 'city-pass-1')).token;
    const seeds = { one, two, three };
    for (const key of ['one', 'two', 'three'] as const) {
      const intake = newIntake110({ townshipCode: seeds[key].code, origin: ORIGIN[key], receivedAt: clock.now().toISOString(), callerPhone: '13907771234', callerName: `区测${key}` });
      cases[key] = (await postCase(t.url, seeds[key].apiKeys[0].key, intake).expect(201)).body.incidentId as string;
    }
  });

  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await t?.close();
  });

  it('signs a region account in with its region and no township, and sends it to the district page', async () => {
    const me = (await get(API.me, district).expect(200)).body as SessionUser;
    expect(me.role).toBe('district');
    expect(me.townshipId).toBe('');
    expect(me.regionId).toMatch(/^[0-9a-f-]{36}$/);
    const { PAGE_OF_ROLE } = await import('../../apps/web/src/shared/session');
    expect(PAGE_OF_ROLE.district).toBe('./district.html');
    expect(PAGE_OF_ROLE.admin).toBe('./district.html');
  });

  it('shows a district its own townships with rates and open cases, and a city every district under it', async () => {
    for (const token of [district, admin]) {
      const view = (await get(REGION_API.overview, token).expect(200)).body as RegionOverview;
      expect(view.regions.map((r) => r.code)).toEqual(['rs-xsq']);
      expect(view.regions[0].parentId).toBeNull();
      expect(view.townships.map((x) => x.code)).toEqual(['rsone', 'rstwo']);
      expect(view.townships.map((x) => x.open)).toEqual([1, 1]);
      expect(view.total.open).toBe(2);
    }
    // The roll-ups follow the outbox: today's count arrives once the case's news is relayed.
    await until(async () => ((await get(REGION_API.overview, district).expect(200)).body as RegionOverview).townships.map((x) => x.today.counts.cases), (n) => n[0] === 1 && n[1] === 1, 'today’s cases in the roll-ups');
    const other = (await get(REGION_API.overview, otherDistrict).expect(200)).body as RegionOverview;
    expect(other.townships.map((x) => x.code)).toEqual(['rsthree']);
    const whole = (await get(REGION_API.overview, city).expect(200)).body as RegionOverview;
    expect(whole.regions[0].code).toBe('rs-city');
    expect(whole.regions.map((r) => r.code).sort()).toEqual(['rs-city', 'rs-xsq', 'rs-yhq']);
    expect(whole.regions.filter((r) => r.parentId === whole.regions[0].id)).toHaveLength(2);
    expect(whole.townships.map((x) => x.code)).toEqual(['rsone', 'rsthree', 'rstwo']);
    expect(whole.townships.find((x) => x.code === 'rsthree')?.regionId).toBe(whole.regions.find((r) => r.code === 'rs-yhq')?.id);
  });

  it('maps the open cases and on-duty workers of its townships only, callers masked', async () => {
    const map = (await get(REGION_API.map, district).expect(200)).body as RegionMapView;
    expect(new Set(map.incidents.map((i) => i.id))).toEqual(new Set([cases.one, cases.two]));
    expect(new Set(map.workers.map((w) => w.townshipId))).toEqual(new Set([ids.one, ids.two]));
    expect(map.workers).toHaveLength(4);
    expect(map.workers.every((w) => w.position !== null)).toBe(true);
    expect(JSON.stringify(map)).not.toContain('13907771234');
    expect(map.tiles.urlTemplate).toMatch(/^https?:\/\//);
  });

  it('opens a case of its region read-only with its timeline, and answers 404 for another district’s', async () => {
    const detail = (await get(REGION_API.incident(cases.one), district).expect(200)).body as IncidentDetailView;
    expect(detail.townshipId).toBe(ids.one);
    expect(detail.timeline.map((e) => e.type)).toContain('received');
    expect(detail.recommendation).toBeNull();
    expect(JSON.stringify(detail)).not.toContain('13907771234');
    expect((await get(REGION_API.incident(cases.three), district).expect(404)).body.code).toBe('NOT_FOUND');
    expect((await get(REGION_API.incident(cases.one), otherDistrict).expect(404)).body.code).toBe('NOT_FOUND');
    await get(REGION_API.incident(cases.three), city).expect(200);
    await get(REGION_API.incident('not-a-case'), district).expect(400);
    // The overview's period is checked at the door like the review's.
    expect((await get(`${REGION_API.overview}?from=2026-13`, district).expect(400)).body.field).toBe('from');
  });

  it('refuses region accounts every township route and every change, and township accounts the region routes', async () => {
    const doc = (await request(t.url).get('/api/openapi.json').expect(200)).body as OpenAPIObject;
    const routes = documentedRoutes(doc).filter((r) => r.access !== null);
    const allowed: string[] = [];
    for (const role of ['admin', 'district'] as const) {
      for (const r of routes) {
        if (expectationFor(r.access ?? [], { name: role, township: 'A', kind: role }) === 'own') allowed.push(`${role} ${routeName(r)}`);
      }
    }
    // Signing out and reading oneself, and the district view's three reads; the admin also onboards townships
    // (test/e2e/admin-import.test.ts): nothing else, and no other change.
    const mine = ['POST /api/auth/logout', 'GET /api/me', 'GET /api/region/overview', 'GET /api/region/map', 'GET /api/region/incidents/{id}'];
    const adminOnly = ['POST /api/admin/townships/{code}/imports/{kind}'];
    expect(allowed.sort()).toEqual([...[...mine, ...adminOnly].map((m) => `admin ${m}`), ...mine.map((m) => `district ${m}`)].sort());
    // And as sent: no 500 from a region account's empty township anywhere.
    for (const token of [district, admin]) {
      await get(API.incidents, token).expect(403);
      await get(API.incident(cases.one), token).expect(403);
      await get(API.township, token).expect(403);
      await get(MAP_TILES_API.mapTiles, token).expect(403);
      await get(API.myMissed(), token).expect(403);
      await get(REVIEW_API.rates, token).expect(403);
      await request(t.url).post(API.accept(cases.one)).set(bearer(token)).send({}).expect(403);
      await request(t.url).post(API.confirmDispatch(cases.one)).set(bearer(token)).send({}).expect(403);
      await request(t.url).put(MAP_TILES_API.mapTiles).set(bearer(token)).send({}).expect(403);
    }
    const operator = (await loginAs(t.url, one, 'operator')).token;
    const leader = (await loginAs(t.url, one, 'leader')).token;
    for (const token of [operator, leader]) {
      await get(REGION_API.overview, token).expect(403);
      await get(REGION_API.map, token).expect(403);
      await get(REGION_API.incident(cases.one), token).expect(403);
    }
  });

  it('tells a district’s socket of its townships’ cases and breaches, never another district’s', async () => {
    const mine = await connectSocket(t.url, district);
    const theirs = await connectSocket(t.url, otherDistrict);
    sockets.push(mine, theirs);
    const [myNews, theirNews] = [mine, theirs].map((s) => new Inbox(s, 'incident.upserted'));
    const [myAlerts, theirAlerts] = [mine, theirs].map((s) => new Inbox(s, 'clock.alert'));
    // Nobody accepts (the offers stand an hour): the accept clocks of all three cases breach.
    clock.advance(10 * MINUTE);
    for (const id of [cases.one, cases.two]) await myAlerts.next((a) => a.incidentId === id && a.status === 'breached');
    await theirAlerts.next((a) => a.incidentId === cases.three && a.status === 'breached');
    await myNews.next((i) => i.id === cases.one);
    // A round trip on each socket: whatever was sent to it before now has arrived.
    await Promise.all([mine, theirs].map((s) => s.timeout(STATE_WAIT_MS).emitWithAck('hub.ping', Date.now())));
    expect(myAlerts.items.some((a) => a.incidentId === cases.three)).toBe(false);
    expect(myNews.items.some((i) => i.id === cases.three)).toBe(false);
    expect(theirAlerts.items.some((a) => a.incidentId !== cases.three)).toBe(false);
    expect(theirNews.items.every((i) => i.id === cases.three)).toBe(true);
    expect(JSON.stringify(myNews.items)).not.toContain('13907771234');
    const view = (await get(REGION_API.overview, district).expect(200)).body as RegionOverview;
    expect(view.total.openBreached).toBe(2);
  });

  it('ends a region account’s session and socket at sign-out, its news sent on a township of its region', async () => {
    const signedIn = await loginAs(t.url, one, 'admin');
    const socket = await connectSocket(t.url, signedIn.token);
    sockets.push(socket);
    const ended = new Promise<string>((resolve) => socket.once('session.ended', (e) => resolve(e.reason)));
    await request(t.url).post(API.logout).set(bearer(signedIn.token)).expect(204);
    expect(await ended).toBe('logged_out');
    await get(API.me, signedIn.token).expect(401);
    const pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
    try {
      const { rows } = await pg.query<{ township_id: string }>(`SELECT township_id FROM outbox WHERE envelope->>'event' = 'session.revoked' AND envelope->'payload'->>'userId' = $1`, [signedIn.user.id]);
      // The first township by code under 萧山区.
      expect(rows.map((r) => r.township_id)).toEqual([ids.one]);
    } finally {
      await pg.end();
    }
  });
});
