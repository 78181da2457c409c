/**
 * Onboarding through the admin API (#13, docs/onboarding.md), against the real PostgreSQL and NATS with
 * two hub processes: a region's admin creates a township under its region and imports its grids and
 * workers; a bad file is refused whole (422) naming the row and field, nothing written; every import is
 * logged under the admin; township accounts and another region's admin get nothing. A change made on
 * one hub is read at once on the other (township.changed), not after the directory cache's 30 s.
 */
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_API, API, type ImportReport, type RegionOverview, type ResponsibilityView } from '@xiaonao/contracts';
import { startHub, type RunningHub } from '../../apps/hub/src/start-hub';
import { bearer, loginAs, until } from '../support/clients';
import { newTownshipSeed } from '../support/factories';
import { startTestHub, TEST_JWT_SECRET, TEST_NATS_URL, type TestHub } from '../support/hub';

const sample = (name: string) => readFileSync(`docs/onboarding/samples/${name}`);
const NEW_TOWN = { code: 'admtown', name: '新开通街道', center: { lng: 120.51, lat: 30.285 } };

describe('onboarding a township through the admin API', () => {
  const seed = newTownshipSeed({ code: 'adma' });
  const other = newTownshipSeed({ code: 'admb', origin: { lng: 120.6, lat: 30.35 } });
  let t: TestHub;
  let second: RunningHub;
  let pg: Client;
  let admin: string;
  let otherAdmin: string;
  let district: string;
  let operator: string;

  beforeAll(async () => {
    t = await startTestHub({ seed, extraSeeds: [other] });
    second = await startHub({ env: { PORT: '0', LOG_LEVEL: 'warn', JWT_SECRET: TEST_JWT_SECRET, DATABASE_URL: t.databaseUrl, NATS_URL: TEST_NATS_URL, HUB_INSTANCE: 'second' }, seeds: [seed, other] });
    admin = (await loginAs(t.url, seed, 'admin')).token;
    otherAdmin = (await loginAs(t.url, other, 'admin')).token;
    district = (await loginAs(t.url, seed, 'district')).token;
    operator = (await loginAs(t.url, seed, 'operator')).token;
    pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
  });

  afterAll(async () => {
    await pg?.end();
    await second?.close();
    await t?.close();
  });

  const post = (token: string, code: string, kind: Parameters<typeof ADMIN_API.import>[1], body: Buffer | string, query: Record<string, string> = {}) =>
    request(t.url).post(ADMIN_API.import(code, kind)).query(query).set(bearer(token)).set('Content-Type', 'application/octet-stream').send(Buffer.from(body));
  const fingerprint = async () =>
    (
      await pg.query<{ f: string }>(
        `SELECT md5(coalesce((SELECT string_agg(g.code || g.name || g.polygon::text, ',' ORDER BY g.code) FROM grid g JOIN township t ON t.id = g.township_id WHERE t.code = $1), '')
              || coalesce((SELECT string_agg(w.code || w.name || w.phone, ',' ORDER BY w.code) FROM worker w JOIN township t ON t.id = w.township_id WHERE t.code = $1), '')) AS f`,
        [NEW_TOWN.code],
      )
    ).rows[0].f;

  it('creates a township under the admin’s region, which its district account then sees', async () => {
    const created = (await post(admin, NEW_TOWN.code, 'township', JSON.stringify(NEW_TOWN)).expect(200)).body as ImportReport;
    expect(created).toMatchObject({ refused: false, dryRun: false, changes: [{ subject: 'township', added: [NEW_TOWN.code] }] });
    const { rows } = await pg.query<{ region: string }>('SELECT r.code AS region FROM township t JOIN region r ON r.id = t.region_id WHERE t.code = $1', [NEW_TOWN.code]);
    expect(rows).toEqual([{ region: `${seed.code}-region` }]);
    const overview = (await request(t.url).get('/api/region/overview').set(bearer(district)).expect(200)).body as RegionOverview;
    expect(JSON.stringify(overview)).toContain(NEW_TOWN.name);
  });

  it('imports grids (GCJ-02 declared) and workers, then the same files again change nothing', async () => {
    const grids = (await post(admin, NEW_TOWN.code, 'grids', sample('grids.geojson')).expect(200)).body as ImportReport;
    expect(grids.coordSystem).toBe('GCJ02');
    expect(grids.changes.find((c) => c.subject === 'grid')?.added.length).toBeGreaterThan(0);
    const workers = (await post(admin, NEW_TOWN.code, 'workers', sample('workers.csv')).expect(200)).body as ImportReport;
    expect(workers.changes[0].added).toEqual(expect.arrayContaining(['W1', 'W2']));
    // The grids name their leaders, who exist only now: the grids again set them (the documented order).
    const leaders = (await post(admin, NEW_TOWN.code, 'grids', sample('grids.geojson')).expect(200)).body as ImportReport;
    expect(leaders.changes.find((c) => c.subject === 'grid')?.updated).toEqual(expect.arrayContaining([{ key: 'G1', fields: ['leader'] }]));
    const before = await fingerprint();
    for (const [kind, file] of [['grids', 'grids.geojson'], ['workers', 'workers.csv']] as const) {
      const again = (await post(admin, NEW_TOWN.code, kind, sample(file)).expect(200)).body as ImportReport;
      for (const c of again.changes) expect({ subject: c.subject, added: c.added, updated: c.updated }).toEqual({ subject: c.subject, added: [], updated: [] });
    }
    expect(await fingerprint()).toBe(before);
  });

  it('refuses a bad file whole with the row and field named, writes nothing, and logs every import under the admin', async () => {
    const before = await fingerprint();
    const bad = `${sample('workers.csv').toString('utf8').trim()}\nW9,坏号码,123,专职网格员,G1,是,步行,,\n`;
    const refused = (await post(admin, NEW_TOWN.code, 'workers', bad).expect(422)).body as ImportReport;
    expect(refused.refused).toBe(true);
    expect(refused.errors).toEqual(expect.arrayContaining([expect.objectContaining({ item: 'W9', field: '手机', row: 5 })]));
    expect(await fingerprint()).toBe(before);
    const dry = (await post(admin, NEW_TOWN.code, 'workers', sample('workers.csv'), { dryRun: 'true' }).expect(200)).body as ImportReport;
    expect(dry.dryRun).toBe(true);
    const { rows } = await pg.query<{ kind: string; via: string; outcome: string; username: string }>(
      `SELECT l.kind, l.via, l.outcome, u.username FROM import_log l JOIN app_user u ON u.id = l.actor_user_id WHERE l.township_code = $1 ORDER BY l.id`,
      [NEW_TOWN.code],
    );
    expect(rows.map((r) => r.outcome)).toEqual(['applied', 'applied', 'applied', 'applied', 'applied', 'applied', 'refused', 'dry_run']);
    expect(new Set(rows.map((r) => `${r.via} ${r.username}`))).toEqual(new Set([`api ${seed.code}-region-admin`]));
  });

  it('gives township accounts, the district viewer and another region’s admin nothing', async () => {
    await post(operator, NEW_TOWN.code, 'workers', sample('workers.csv')).expect(403);
    await post(district, NEW_TOWN.code, 'workers', sample('workers.csv')).expect(403);
    const foreign = await post(otherAdmin, NEW_TOWN.code, 'workers', sample('workers.csv')).expect(404);
    expect(JSON.stringify(foreign.body)).not.toContain('W1');
    await post(otherAdmin, seed.code, 'township', JSON.stringify({ ...NEW_TOWN, code: seed.code })).expect(409);
    await post(admin, NEW_TOWN.code, 'nonsense' as 'workers', 'x').expect(400);
    await post(admin, NEW_TOWN.code, 'workers', '').expect(400);
  });

  it('makes a change on one hub read at once on the other, not after the 30 s cache', async () => {
    const read = async (url: string) =>
      ((await request(url).get(API.responsibilities).set(bearer(operator)).expect(200)).body as ResponsibilityView[]).find((r) => r.category === 'noise')?.priority;
    // The second hub reads the table now, so its cache holds the old row.
    const old = await read(second.url);
    const next = old === 1 ? 2 : 1;
    await request(t.url).put(API.responsibility('noise')).set(bearer(operator)).send({ teams: ['grid_worker'], priority: next, dispatchMode: 'auto', offerMode: 'sequential', raceSize: 3, policeOnly: false }).expect(200);
    expect(await until(() => read(second.url), (p) => p === next, 'the second hub reading the new row')).toBe(next);
  });
});
