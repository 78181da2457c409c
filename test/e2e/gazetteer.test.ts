import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import gcoord from 'gcoord';
import { Client } from 'pg';
import request from 'supertest';
import { PLACES_API, type CoordSystem, type LngLat, type PlaceImportRequest, type PlaceSearchResult, type TownshipView } from '@xiaonao/contracts';
import { distanceMeters } from '@xiaonao/domain';
import { GazetteerService } from '../../apps/hub/src/places/gazetteer.service';
import { startHub, type RunningHub } from '../../apps/hub/src/start-hub';
import { importDemoGazetteer } from '../../apps/sim/src/gazetteer/import-demo-gazetteer';
import { buildHezhuangTownship } from '../../apps/sim/src/township/hezhuang';
import { bearer, loginAs } from '../support/clients';
import { newTownshipSeed } from '../support/factories';
import { startTestHub, type TestHub } from '../support/hub';

/** A gazetteer row in WGS-84; the test township's grids are G1 (lng 120.50–120.51) and G2 (120.51–120.52), lat 30.28–30.29. */
interface PlaceFixture {
  kind: 'address' | 'named_place';
  name: string;
  address: string;
  aliases: string[];
  at: LngLat;
}

const place = (kind: PlaceFixture['kind'], name: string, address: string, at: LngLat, aliases: string[] = []): PlaceFixture => ({ kind, name, address, aliases, at });

/** The test township's name prefixes its addresses, as real standard addresses carry it. */
const TOWN = '测试街道testtown';

const PLACES: PlaceFixture[] = [
  place('named_place', '河庄农贸市场', `${TOWN}河庄大道318号`, { lng: 120.505, lat: 30.285 }, ['河庄菜市场']),
  place('named_place', '河庄中学', `${TOWN}青六中路66号`, { lng: 120.515, lat: 30.285 }),
  place('named_place', '新围村村委会', `${TOWN}新围村5组12号`, { lng: 120.512, lat: 30.288 }, ['新围村村民委员会']),
  place('address', '', `${TOWN}新围村12组35号`, { lng: 120.503, lat: 30.282 }),
  place('address', '', `${TOWN}新围村12组36号`, { lng: 120.5032, lat: 30.2821 }),
  // Two compounds of the same name at opposite ends of the township.
  place('named_place', '幸福小区', `${TOWN}幸福路1号`, { lng: 120.501, lat: 30.281 }),
  place('named_place', '幸福小区', `${TOWN}江滨路9号`, { lng: 120.518, lat: 30.289 }),
];

function inSystem(p: LngLat, system: CoordSystem): LngLat {
  if (system === 'WGS84') return p;
  const [lng, lat] = gcoord.transform([p.lng, p.lat], gcoord.WGS84, system === 'GCJ02' ? gcoord.GCJ02 : gcoord.BD09);
  return { lng, lat };
}

function toCsv(places: readonly PlaceFixture[], system: CoordSystem = 'WGS84'): string {
  const rows = places.map((p) => {
    const at = inSystem(p.at, system);
    return [p.kind, p.name, p.address, p.aliases.join(';'), at.lng, at.lat].join(',');
  });
  return ['kind,name,address,aliases,lng,lat', ...rows].join('\n');
}

function toGeoJson(places: readonly PlaceFixture[], system: CoordSystem): string {
  return JSON.stringify({
    type: 'FeatureCollection',
    features: places.map((p) => {
      const at = inSystem(p.at, system);
      return { type: 'Feature', geometry: { type: 'Point', coordinates: [at.lng, at.lat] }, properties: { kind: p.kind, name: p.name, address: p.address, aliases: p.aliases } };
    }),
  });
}

describe('the township address gazetteer (标准地址)', () => {
  let t: TestHub;
  let pg: Client;
  let operator: string;
  let townshipId: string;
  let gridIds: Record<string, string>;
  const townB = newTownshipSeed({ code: 'townb', origin: { lng: 120.6, lat: 30.35 } });

  const countPlaces = async () => Number((await pg.query('SELECT count(*) AS n FROM place WHERE township_id = $1', [townshipId])).rows[0].n);
  const importAs = (token: string, body: PlaceImportRequest | Record<string, unknown>) => request(t.url).post(PLACES_API.import).set(bearer(token)).send(body);
  const search = async (q: string, token = operator): Promise<PlaceSearchResult[]> =>
    (await request(t.url).get(PLACES_API.search).query({ q }).set(bearer(token)).expect(200)).body as PlaceSearchResult[];
  const gazetteer = () => t.hub.app.get(GazetteerService);

  beforeAll(async () => {
    t = await startTestHub({ extraSeeds: [townB] });
    pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
    operator = (await loginAs(t.url, t.seed, 'operator')).token;
    const township = (await request(t.url).get('/api/township').set(bearer(operator)).expect(200)).body as TownshipView;
    townshipId = township.id;
    gridIds = Object.fromEntries(township.grids.map((g) => [g.code, g.id]));
    const answer = await importAs(operator, { format: 'csv', coordSystem: 'WGS84', content: toCsv(PLACES), source: '测试标准地址' }).expect(200);
    expect(answer.body).toEqual({ total: PLACES.length, created: PLACES.length, updated: 0, unchanged: 0, dryRun: false, errors: [] });
  });

  afterAll(async () => {
    await pg?.end();
    await t?.close();
  });

  it('stores an imported CSV in WGS-84, each place in the grid that holds it', async () => {
    const [market] = await search('河庄农贸市场');
    expect(market.place).toMatchObject({
      kind: 'named_place',
      name: '河庄农贸市场',
      aliases: ['河庄菜市场'],
      gridId: gridIds.G1,
      location: { lng: 120.505, lat: 30.285 },
      sourceCoordSystem: 'WGS84',
      source: '测试标准地址',
    });
    expect(market.confidence).toBe(1);
    expect((await search('河庄中学'))[0].place.gridId).toBe(gridIds.G2);
  });

  it('changes nothing when the same file is imported again, and updates only a moved row', async () => {
    const again = await importAs(operator, { format: 'csv', coordSystem: 'WGS84', content: toCsv(PLACES) }).expect(200);
    expect(again.body).toMatchObject({ total: PLACES.length, created: 0, updated: 0, unchanged: PLACES.length });
    const moved = PLACES.map((p) => (p.name === '河庄中学' ? { ...p, at: { lng: 120.516, lat: 30.286 } } : p));
    const update = await importAs(operator, { format: 'csv', coordSystem: 'WGS84', content: toCsv(moved) }).expect(200);
    expect(update.body).toMatchObject({ created: 0, updated: 1, unchanged: PLACES.length - 1 });
    expect((await search('河庄中学'))[0].place.location).toEqual({ lng: 120.516, lat: 30.286 });
    expect(await countPlaces()).toBe(PLACES.length);
  });

  it.each(['GCJ02', 'BD09'] as const)('converts %s GeoJSON and CSV to WGS-84 once, and a re-import leaves the point where it is', async (system) => {
    const station = place('named_place', `${system}派出所`, `${TOWN}振兴路${system === 'GCJ02' ? 1 : 2}号`, { lng: 120.508, lat: 30.287 });
    const first = await importAs(operator, { format: 'geojson', coordSystem: system, content: toGeoJson([station], system) }).expect(200);
    expect(first.body).toMatchObject({ created: 1 });
    const again = await importAs(operator, { format: 'csv', coordSystem: system, content: toCsv([station], system) }).expect(200);
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
    const [found] = await search(station.name);
    expect(found.place.sourceCoordSystem).toBe(system);
    expect(distanceMeters(found.place.location, station.at)).toBeLessThan(1);
    // The declared system really was applied: the raw numbers lie hundreds of metres off.
    expect(distanceMeters(inSystem(station.at, system), station.at)).toBeGreaterThan(100);
  });

  it('refuses a file with a bad row, naming row and field, and writes none of its rows', async () => {
    const before = await countPlaces();
    const good = place('named_place', '河庄小学', `${TOWN}青六中路88号`, { lng: 120.514, lat: 30.284 });
    const content = `${toCsv([good])}\nnamed_place,河庄幼儿园,,,东经120度,30.284`;
    const res = await importAs(operator, { format: 'csv', coordSystem: 'WGS84', content }).expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'INVALID_INPUT', field: 'content[3].lng' });
    expect(res.body.message).toMatch(/^第 3 行 lng：/);
    expect(await countPlaces()).toBe(before);
    expect((await search('河庄小学')).map((r) => r.place.name)).not.toContain('河庄小学');
  });

  it('refuses a GeoJSON feature outside the township, naming feature and property', async () => {
    const far = place('named_place', '远方', '', { lng: 121.5, lat: 31.2 });
    const res = await importAs(operator, { format: 'geojson', coordSystem: 'WGS84', content: toGeoJson([PLACES[0], far], 'WGS84') }).expect(400);
    expect(res.body.field).toBe('content[2].geometry.coordinates');
    expect(res.body.message).toContain('不在本街道范围内');
  });

  it('lists every bad row in a dry run and writes nothing, good or bad', async () => {
    const before = await countPlaces();
    const content = ['kind,name,address,aliases,lng,lat', 'shop,某店,,,120.51,30.285', 'named_place,,,,120.51,30.285', 'named_place,河庄卫生院,,,120.511,30.286'].join('\n');
    const checked = await importAs(operator, { format: 'csv', coordSystem: 'WGS84', content, dryRun: true }).expect(200);
    expect(checked.body).toMatchObject({ total: 3, created: 0, dryRun: true });
    expect(checked.body.errors.map((e: { row: number; field: string }) => [e.row, e.field])).toEqual([
      [2, 'kind'],
      [3, 'name'],
    ]);
    const clean = await importAs(operator, { format: 'csv', coordSystem: 'WGS84', content: toCsv([place('named_place', '河庄卫生院', '', { lng: 120.511, lat: 30.286 })]), dryRun: true }).expect(200);
    expect(clean.body).toMatchObject({ total: 1, created: 1, dryRun: true, errors: [] });
    expect(await countPlaces()).toBe(before);
  });

  it('refuses a request without a declared coordinate system or format', async () => {
    const res = await importAs(operator, { format: 'csv', content: toCsv(PLACES) }).expect(400);
    expect(res.body.field).toBe('coordSystem');
    expect((await importAs(operator, { format: 'kml', coordSystem: 'WGS84', content: 'x' }).expect(400)).body.field).toBe('format');
    expect((await request(t.url).get(PLACES_API.search).set(bearer(operator)).expect(400)).body.field).toBe('q');
  });

  it('finds the market from another name for it, and from a typo', async () => {
    for (const q of ['河庄菜场', '河庄农贸市汤', `${TOWN}河庄农贸市场门口`]) {
      const [best] = await search(q);
      expect(best.place.name, q).toBe('河庄农贸市场');
      expect(best.confidence, q).toBeGreaterThan(0);
      expect(best.confidence, q).toBeLessThan(1);
      expect(best.similarity, q).toBeGreaterThan(0);
    }
  });

  it('locates an exact address with full confidence', async () => {
    const located = await gazetteer().locate(townshipId, `浙江省杭州市钱塘区${TOWN}新围村12组35号`);
    expect(located).toMatchObject({ confidence: 1, needsConfirmation: false, address: `${TOWN}新围村12组35号` });
    expect(located?.location).toEqual({ lng: 120.503, lat: 30.282 });
    const [row] = (await pg.query('SELECT id FROM place WHERE address = $1', [`${TOWN}新围村12组35号`])).rows;
    expect(located?.placeId).toBe(row.id);
  });

  it('asks an operator to confirm a weak or ambiguous match, and suggests nothing for unrelated text', async () => {
    // No 99号 in the gazetteer: the hub suggests a neighbour in 12组, and says it is unsure.
    const noSuchHouse = await gazetteer().locate(townshipId, `${TOWN}新围村12组99号`);
    expect(noSuchHouse?.needsConfirmation).toBe(true);
    expect(noSuchHouse?.confidence).toBeLessThan(0.6);
    expect(distanceMeters(noSuchHouse?.location ?? { lng: 0, lat: 0 }, { lng: 120.503, lat: 30.282 })).toBeLessThan(50);
    const twoCompounds = await gazetteer().locate(townshipId, '幸福小区');
    expect(twoCompounds).toMatchObject({ name: '幸福小区', needsConfirmation: true });
    expect(twoCompounds?.confidence).toBeLessThan(0.6);
    const confident = await gazetteer().locate(townshipId, `${TOWN}河庄农贸市场门口`);
    expect(confident).toMatchObject({ name: '河庄农贸市场', needsConfirmation: false });
    expect(await gazetteer().locate(townshipId, '钱江世纪城奥体中心')).toBeNull();
  });

  it('shows one township’s places to its own operators only', async () => {
    const operatorB = (await loginAs(t.url, townB, 'operator')).token;
    expect(await search('河庄农贸市场', operatorB)).toEqual([]);
    // Township B's grids lie elsewhere, so A's file is outside B and refused.
    const res = await importAs(operatorB, { format: 'csv', coordSystem: 'WGS84', content: toCsv(PLACES) }).expect(400);
    expect(res.body.field).toBe('content[2].lng');
    const worker = (await loginAs(t.url, t.seed, 'worker', 'W1')).token;
    await request(t.url).get(PLACES_API.search).query({ q: '河庄' }).set(bearer(worker)).expect(403);
    await importAs(worker, { format: 'csv', coordSystem: 'WGS84', content: toCsv(PLACES) }).expect(403);
    await request(t.url).get(PLACES_API.search).query({ q: '河庄' }).expect(401);
  });
});

describe('the demo gazetteer of 河庄街道', () => {
  let t: TestHub;
  let pg: Client;
  const seed = buildHezhuangTownship();

  beforeAll(async () => {
    t = await startTestHub({ seed });
    pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
  });

  afterAll(async () => {
    await pg?.end();
    await t?.close();
  });

  it('imports from its GCJ-02 file into the grids, and finds nothing new on the next start', async () => {
    const first = await importDemoGazetteer(t.url, seed);
    expect(first.created).toBe(first.total);
    expect(first.total).toBeGreaterThanOrEqual(150);
    const { rows } = await pg.query(`SELECT count(*)::int AS n, count(grid_id)::int AS gridded, bool_and(source_crs = 'GCJ02') AS gcj FROM place`);
    expect(rows[0]).toEqual({ n: first.total, gridded: first.total, gcj: true });
    const second = await importDemoGazetteer(t.url, seed);
    expect(second).toMatchObject({ created: 0, updated: 0, unchanged: first.total });
  });

  it('finds the market from what callers say', async () => {
    const operator = (await loginAs(t.url, seed, 'operator')).token;
    for (const q of ['河庄菜场', '河庄街道河庄农贸市场门口', '河庄农贸市汤']) {
      const res = await request(t.url).get(PLACES_API.search).query({ q, limit: 3 }).set(bearer(operator)).expect(200);
      expect((res.body as PlaceSearchResult[])[0].place.name, q).toBe('河庄农贸市场');
    }
  });
});

describe('the gazetteer on the embedded default (PGlite with pg_trgm)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xiaonao-gazetteer-'));
  const seed = newTownshipSeed({ code: 'embedgaz' });
  let hub: RunningHub;
  let operator: string;

  beforeAll(async () => {
    hub = await startHub({ env: { PORT: '0', LOG_LEVEL: 'warn', DATABASE_URL: '', NATS_URL: '', DATA_DIR: join(dir, 'pglite') }, seeds: [seed] });
    operator = (await loginAs(hub.url, seed, 'operator')).token;
  });

  afterAll(async () => {
    await hub?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports, re-imports unchanged, searches fuzzily and locates as on PostgreSQL', async () => {
    const send = () => request(hub.url).post(PLACES_API.import).set(bearer(operator)).send({ format: 'csv', coordSystem: 'GCJ02', content: toCsv(PLACES, 'GCJ02') });
    expect((await send().expect(200)).body).toMatchObject({ created: PLACES.length });
    expect((await send().expect(200)).body).toMatchObject({ created: 0, updated: 0, unchanged: PLACES.length });
    const found = (await request(hub.url).get(PLACES_API.search).query({ q: '河庄菜场' }).set(bearer(operator)).expect(200)).body as PlaceSearchResult[];
    expect(found[0].place.name).toBe('河庄农贸市场');
    expect(distanceMeters(found[0].place.location, PLACES[0].at)).toBeLessThan(1);
    const located = await hub.app.get(GazetteerService).locate(hub.townships[0].id, `${TOWN}新围村12组35号`);
    expect(located).toMatchObject({ confidence: 1, needsConfirmation: false });
  });
});
