/**
 * Generated junk at the operator's and the patrol worker's doors: whatever arrives, the answer is a
 * 4xx that names the field (never a 5xx), and nothing is written — no case, no report, no photo, no
 * case number used.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from 'pg';
import request from 'supertest';
import { CATEGORIES, COORD_SYSTEMS, INTAKE_CHANNELS, PLACES_API, REPORT_API, type ErrorBody } from '@xiaonao/contracts';
import { bearer, loginAs } from '../support/clients';
import { startTestHub, type TestHub } from '../support/hub';
import { jpegDataUrl, newOperatorEntry, newPatrolReport, testGazetteerCsv } from '../support/report-factories';

const RUNS = 40;

/** Any JSON value: junk of every type (finite numbers: JSON would send NaN and Infinity as null). */
const junk = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);
const notOneOf = (allowed: readonly string[]) => junk.filter((v) => !(typeof v === 'string' && allowed.includes(v)));
const notText = junk.filter((v) => typeof v !== 'string');
const notNumber = junk.filter((v) => typeof v !== 'number');
const badLat = fc.oneof(notNumber, fc.double({ min: 90.000001, max: 1e6, noNaN: true }), fc.double({ min: -1e6, max: -90.000001, noNaN: true }));
const badLng = fc.oneof(notNumber, fc.double({ min: 180.000001, max: 1e6, noNaN: true }));
const badPhone = fc.oneof(notText, fc.stringMatching(/^[0-9a-z+ -]{1,8}$/));
const tooLong = (n: number) => fc.string({ minLength: n + 1, maxLength: n + 20, unit: fc.constantFrom('噪', '音', 'a', '1') });
const emptyText = fc.constantFrom('', 42, null, [], {});
/** Inside the coordinate ranges but nowhere near the test township (120.50–120.52 E, 30.28–30.29 N). */
const farPoint = fc.record({ lng: fc.double({ min: 100, max: 119, noNaN: true }), lat: fc.double({ min: 20, max: 29, noNaN: true }) });

/** A valid body with one field spoiled, and the field the answer must name. */
type Spoiled = { body: Record<string, unknown>; field: string };
const spoil = (base: Record<string, unknown>, field: string, value: fc.Arbitrary<unknown>, path: string[] = [field]): fc.Arbitrary<Spoiled> =>
  value.map((v) => {
    const body = structuredClone(base);
    let at = body;
    for (const key of path.slice(0, -1)) at = at[key] as Record<string, unknown>;
    at[path[path.length - 1]] = v;
    return { body, field };
  });

describe('junk at the operator and patrol doors', () => {
  let t: TestHub;
  let pg: Client;
  let operator: string;
  let worker: string;

  const rows = async () =>
    (
      await pg.query<{ n: string }>(
        `SELECT concat_ws('/', (SELECT count(*) FROM incident), (SELECT count(*) FROM incident_report), (SELECT count(*) FROM report_photo),
                               (SELECT coalesce(sum(last), 0) FROM case_number_counter), (SELECT count(*) FROM incident_event), (SELECT count(*) FROM outbox)) AS n`,
      )
    ).rows[0].n;

  /** The answer is a 4xx naming a field, and not a row was written. */
  async function refusedCleanly(send: () => request.Test, field?: string): Promise<void> {
    const before = await rows();
    const res = await send();
    const body = res.body as ErrorBody;
    expect(res.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
    expect(res.status, JSON.stringify(body)).toBeLessThan(500);
    expect(typeof body.field === 'string' && body.field.length > 0, JSON.stringify(body)).toBe(true);
    if (field) expect(body.field, JSON.stringify(body)).toBe(field);
    expect(body.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(await rows()).toBe(before);
  }

  beforeAll(async () => {
    t = await startTestHub({ env: { REPORT_LINK_RADIUS_M: '150', OFFER_TIMEOUT_MS: '60000' } });
    pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
    operator = (await loginAs(t.url, t.seed, 'operator')).token;
    worker = (await loginAs(t.url, t.seed, 'worker', 'W1')).token;
    await request(t.url).post(PLACES_API.import).set(bearer(operator)).send({ format: 'csv', coordSystem: 'WGS84', content: testGazetteerCsv() }).expect(200);
  });

  afterAll(async () => {
    await pg?.end();
    await t?.close();
  });

  describe('POST /api/incidents (operator)', () => {
    const valid = newOperatorEntry() as unknown as Record<string, unknown>;
    const enter = (body: unknown) => () => request(t.url).post(REPORT_API.operatorEntry).set(bearer(operator)).send(body as object);

    it('names the one bad field of an otherwise good entry, and stores nothing', async () => {
      const spoiled = fc.oneof(
        spoil(valid, 'channel', notOneOf(INTAKE_CHANNELS)),
        spoil(valid, 'category', notOneOf(CATEGORIES)),
        spoil(valid, 'coordSystem', notOneOf(COORD_SYSTEMS).filter((v) => v !== null)),
        spoil(valid, 'description', fc.oneof(emptyText, tooLong(2000))),
        spoil(valid, 'callerName', fc.oneof(notText.filter((v) => v !== null), tooLong(50))),
        spoil(valid, 'callerPhone', badPhone.filter((v) => v !== null && v !== '')),
        spoil(valid, 'location', fc.oneof(fc.string(), fc.integer(), fc.boolean()).filter((v) => v !== '')),
        spoil(valid, 'location.lat', badLat, ['location', 'lat']),
        spoil(valid, 'location.lng', badLng, ['location', 'lng']),
        spoil(valid, 'location', farPoint),
        spoil({ ...valid, location: undefined }, 'address', fc.oneof(emptyText, tooLong(200))),
        spoil(valid, 'category', fc.constant('theft')),
      );
      await fc.assert(fc.asyncProperty(spoiled, async ({ body, field }) => refusedCleanly(enter(body), field)), { numRuns: RUNS });
    });

    it('refuses whole bodies of junk, unknown fields and addresses nobody can place', async () => {
      const bodies = fc.oneof(
        fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), junk, { maxKeys: 5 }),
        fc.record({ ...Object.fromEntries(Object.entries(valid).map(([k, v]) => [k, fc.constant(v)])), extra: junk }),
        fc.string({ minLength: 1, maxLength: 12 }).map((place) => ({ ...valid, location: undefined, address: `不存在的地方${place}` })),
      );
      await fc.assert(fc.asyncProperty(bodies, async (body) => refusedCleanly(enter(body))), { numRuns: RUNS });
    });

    it('refuses a body that is not JSON', async () => {
      await refusedCleanly(() => request(t.url).post(REPORT_API.operatorEntry).set(bearer(operator)).set('content-type', 'application/json').send('{"channel": '), 'body');
    });
  });

  describe('POST /api/workers/me/reports (worker)', () => {
    const valid = newPatrolReport({ photo: jpegDataUrl(), takeIt: true }) as unknown as Record<string, unknown>;
    const report = (body: unknown) => () => request(t.url).post(REPORT_API.patrolReport).set(bearer(worker)).send(body as object);

    it('names the one bad field of an otherwise good report, and stores nothing', async () => {
      const notImage = fc.oneof(
        notText.filter((v) => v !== null),
        fc.string({ maxLength: 40 }),
        fc.uint8Array({ minLength: 1, maxLength: 40 }).map((b) => `data:image/png;base64,${Buffer.from(b).toString('base64')}`),
      );
      const spoiled = fc.oneof(
        spoil(valid, 'category', notOneOf(CATEGORIES)),
        spoil(valid, 'description', fc.oneof(emptyText, tooLong(2000))),
        spoil(valid, 'position', fc.oneof(fc.constant(undefined), fc.string(), fc.integer())),
        spoil(valid, 'position.lat', badLat, ['position', 'lat']),
        spoil(valid, 'position.lng', badLng, ['position', 'lng']),
        spoil(valid, 'position.coordSystem', notOneOf(COORD_SYSTEMS).filter((v) => v !== null), ['position', 'coordSystem']),
        spoil(valid, 'position.accuracyM', fc.oneof(notNumber.filter((v) => v !== null), fc.double({ max: -0.001, noNaN: true, noDefaultInfinity: true })), ['position', 'accuracyM']),
        spoil(valid, 'position', farPoint),
        spoil(valid, 'address', fc.oneof(notText.filter((v) => v !== null), tooLong(200))),
        spoil(valid, 'photo', notImage.filter((v) => !(typeof v === 'string' && v.startsWith('data:image/png;base64,/9j')))),
        spoil(valid, 'takeIt', notText.filter((v) => typeof v !== 'boolean' && v !== null)),
        spoil(valid, 'category', fc.constant('theft')),
      );
      await fc.assert(fc.asyncProperty(spoiled, async ({ body, field }) => refusedCleanly(report(body), field)), { numRuns: RUNS });
    });

    it('refuses junk bodies, and junk multipart forms, naming a field', async () => {
      await fc.assert(
        fc.asyncProperty(fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), junk, { maxKeys: 5 }), async (body) => refusedCleanly(report(body))),
        { numRuns: RUNS / 2 },
      );
      const forms = fc.oneof(
        fc.string({ maxLength: 40 }).map((text): { report: string; file: Buffer | null } => ({ report: text, file: null })),
        fc.uint8Array({ minLength: 1, maxLength: 200 }).map((bytes): { report: string; file: Buffer | null } => ({ report: JSON.stringify(valid), file: Buffer.from(bytes) })),
      );
      await fc.assert(
        fc.asyncProperty(forms, async ({ report: text, file }) => {
          const withoutPhoto = JSON.stringify({ ...valid, photo: undefined });
          await refusedCleanly(() => {
            const req = request(t.url).post(REPORT_API.patrolReport).set(bearer(worker));
            // A junk report text alone, or a good report with junk bytes as its photo.
            return file ? req.field('report', withoutPhoto).attach('photo', file, { filename: 'x.jpg', contentType: 'image/jpeg' }) : req.field('report', text);
          });
        }),
        { numRuns: RUNS / 2 },
      );
    });

    it('refuses a report text over 64 KB, saying it is too long', async () => {
      const send = () => request(t.url).post(REPORT_API.patrolReport).set(bearer(worker)).field('report', JSON.stringify({ ...newPatrolReport(), description: '长'.repeat(30_000) }));
      await refusedCleanly(send, 'report');
      expect((await send()).body.message).toContain('超过 64 KB');
    });

    it('refuses a file under another name than photo, naming it', async () => {
      await refusedCleanly(
        () =>
          request(t.url)
            .post(REPORT_API.patrolReport)
            .set(bearer(worker))
            .field('report', JSON.stringify(newPatrolReport()))
            .attach('picture', Buffer.from([0xff, 0xd8, 0xff, 0xe0]), { filename: 'x.jpg', contentType: 'image/jpeg' }),
        'picture',
      );
    });
  });

  it('still takes a good entry and a good report after all that', async () => {
    await request(t.url).post(REPORT_API.operatorEntry).set(bearer(operator)).send(newOperatorEntry()).expect(201);
    await request(t.url).post(REPORT_API.patrolReport).set(bearer(worker)).send(newPatrolReport({ photo: jpegDataUrl() })).expect(201);
  });
});
