import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { API, FOLLOWUP_API, type EventSource, type IncidentDetailView, type TimelineType } from '@xiaonao/contracts';
import { verifyChain } from '@xiaonao/domain';
import { MIGRATIONS } from '../../apps/hub/src/persistence/migrations';
import { bearer, connectSocket, Inbox, loginAs, postCase, type HubSocket } from '../support/clients';
import { newIntake110 } from '../support/factories';
import { createTestDatabase, startTestHub, type TestHub } from '../support/hub';

const position = { lng: 120.5015, lat: 30.285, coordSystem: 'WGS84' as const };

describe('a timeline nobody can quietly rewrite', () => {
  let t: TestHub;
  let db: Client;
  const sockets: HubSocket[] = [];
  type Worker = { id: string; token: string; offers: Inbox<'offer.created'> };
  const workers = {} as Record<'W1' | 'W2', Worker>;
  let operator: string;
  let station: string;
  const tampered: string[] = [];

  /** As the database's superuser, with the append-only trigger off for this one transaction only. */
  async function tamper(sql: string, params: unknown[]): Promise<void> {
    await db.query('BEGIN');
    try {
      await db.query('ALTER TABLE incident_event DISABLE TRIGGER incident_event_append_only');
      await db.query(sql, params);
      await db.query('ALTER TABLE incident_event ENABLE TRIGGER incident_event_append_only');
      await db.query('COMMIT');
    } catch (error) {
      await db.query('ROLLBACK');
      throw error;
    }
  }

  /** The worker the case is offered to next (the ranking spreads cases, so it may be either). */
  async function offeredTo(id: string, except?: Worker): Promise<Worker> {
    const candidates = [workers.W1, workers.W2].filter((w) => w !== except);
    return Promise.race(candidates.map((w) => w.offers.next((o) => o.incidentId === id).then(() => w)));
  }

  /** A new case, walked from offer to close; with `declinedFirst`, the first worker offered declines it. */
  async function walkCase(options: { declinedFirst?: boolean } = {}): Promise<string> {
    const id = (await postCase(t.url, t.apiKey, newIntake110()).expect(201)).body.incidentId as string;
    let holder = await offeredTo(id);
    if (options.declinedFirst) {
      await request(t.url).post(API.decline(id)).set(bearer(holder.token)).send({ reason: '正在处置另一起事件' }).expect(200);
      holder = await offeredTo(id, holder);
    }
    for (const step of ['accept', 'contact', 'arrive'] as const) {
      await request(t.url).post(`/api/incidents/${id}/${step}`).set(bearer(holder.token)).send({ position }).expect(200);
    }
    await request(t.url).post(API.close(id)).set(bearer(holder.token)).send({ result: '双方已调解，矛盾化解', position }).expect(200);
    return id;
  }

  const verify = async (id: string, token = operator) => (await request(t.url).get(API.timelineVerify(id)).set(bearer(token)).expect(200)).body;

  beforeAll(async () => {
    t = await startTestHub();
    for (const code of ['W1', 'W2'] as const) {
      const { token, user } = await loginAs(t.url, t.seed, 'worker', code);
      const socket = await connectSocket(t.url, token);
      sockets.push(socket);
      workers[code] = { id: user.workerId ?? '', token, offers: new Inbox(socket, 'offer.created') };
    }
    operator = (await loginAs(t.url, t.seed, 'operator')).token;
    station = (await loginAs(t.url, t.seed, 'station')).token;
    // The chain is the subject here: no 回访 is scheduled for the disputes these tests walk, so each case ends at closed.
    await request(t.url).put(FOLLOWUP_API.settings).set(bearer(operator))
      .send({ policy: 'categories', categories: ['stray_animal'], sampleRate: 1, dueHours: 24, gridLeaderMayRecord: false }).expect(200);
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await db?.end();
    await t?.close();
  });

  it('chains every event of a case walked through 1-3-8, and the events rebuild the case', async () => {
    const id = await walkCase();
    const detail = (await request(t.url).get(API.incident(id)).set(bearer(operator)).expect(200)).body as IncidentDetailView;
    expect(detail.timeline.map((e) => [e.seq, e.type, e.source])).toEqual([
      [1, 'received', '110'],
      [2, 'offered', 'system'],
      [3, 'accepted', 'phone'],
      [4, 'contacted', 'phone'],
      [5, 'arrived', 'phone'],
      [6, 'closed', 'phone'],
    ]);
    expect(detail.timeline.every((e) => /^[0-9a-f]{64}$/.test(e.hash))).toBe(true);
    const { rows } = await db.query('SELECT event_count, last_event_hash FROM incident WHERE id = $1', [id]);
    expect(rows[0]).toEqual({ event_count: 6, last_event_hash: detail.timeline[5].hash });

    for (const token of [operator, station]) {
      expect(await verify(id, token)).toMatchObject({ incidentId: id, caseNo: detail.caseNo, ok: true, chain: { ok: true, checked: 6 }, mismatches: [], events: 6 });
    }
  });

  it('rebuilds a case that one worker declined and the next one took', async () => {
    const id = await walkCase({ declinedFirst: true });
    const check = await verify(id);
    expect(check).toMatchObject({ ok: true, chain: { ok: true, checked: 8 }, mismatches: [] });
  });

  it('rebuilds a raced case that an operator then took from its worker and gave to another', async () => {
    const race = { teams: ['grid_worker'], priority: 1, dispatchMode: 'auto', offerMode: 'race', raceSize: 2, policeOnly: false };
    await request(t.url).put(API.responsibility('fire_hazard')).set(bearer(operator)).send(race).expect(200);
    const id = (await postCase(t.url, t.apiKey, newIntake110({ category: 'fire_hazard' })).expect(201)).body.incidentId as string;
    await Promise.all([workers.W1, workers.W2].map((w) => w.offers.next((o) => o.incidentId === id)));
    await request(t.url).post(API.decline(id)).set(bearer(workers.W1.token)).send({ reason: '在开会' }).expect(200);
    await request(t.url).post(API.accept(id)).set(bearer(workers.W2.token)).send({}).expect(200);
    await request(t.url).post(API.contact(id)).set(bearer(workers.W2.token)).send({}).expect(200);
    await request(t.url).post(API.assign(id)).set(bearer(operator)).send({ workerId: workers.W1.id, reason: '熟悉当事人' }).expect(200);
    expect(await verify(id)).toMatchObject({ ok: true, mismatches: [] });
    await request(t.url).post(API.accept(id)).set(bearer(workers.W1.token)).send({}).expect(200);
    const check = await verify(id);
    expect(check).toMatchObject({ ok: true, chain: { ok: true, checked: 8 }, mismatches: [] });
  });

  it('refuses UPDATE, DELETE and TRUNCATE of events while the trigger is on', async () => {
    const id = await walkCase();
    await expect(db.query(`UPDATE incident_event SET detail = '{"result":"改写"}' WHERE incident_id = $1 AND seq = 6`, [id])).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM incident_event WHERE incident_id = $1 AND seq = 6', [id])).rejects.toThrow(/append-only/);
    await expect(db.query('TRUNCATE incident_event')).rejects.toThrow(/append-only/);
    expect((await verify(id)).ok).toBe(true);
  });

  it('names the edited event when someone turns the trigger off and changes it', async () => {
    const id = await walkCase();
    await tamper(`UPDATE incident_event SET detail = '{"note":"补记"}' WHERE incident_id = $1 AND seq = 3`, [id]);
    tampered.push(id);
    expect(await verify(id)).toMatchObject({ ok: false, chain: { ok: false, checked: 2, seq: 3, reason: 'edited' }, mismatches: [] });
  });

  it('reports a deleted last event as truncated, and the row no longer matches the events', async () => {
    const id = await walkCase();
    await tamper('DELETE FROM incident_event WHERE incident_id = $1 AND seq = 6', [id]);
    tampered.push(id);
    const check = await verify(id);
    expect(check.chain).toEqual({ ok: false, checked: 5, seq: 6, reason: 'truncated' });
    expect(check.mismatches.map((m: { field: string }) => m.field)).toEqual(['state', 'closedAt', 'result']);
  });

  it('reports a deleted middle event by its seq', async () => {
    const id = await walkCase();
    await tamper('DELETE FROM incident_event WHERE incident_id = $1 AND seq = 4', [id]);
    tampered.push(id);
    const check = await verify(id);
    expect(check.chain).toEqual({ ok: false, checked: 3, seq: 4, reason: 'deleted' });
    expect(check.mismatches).toEqual([{ field: 'contactedAt', fromEvents: null, onRow: expect.any(String) }]);
  });

  it('checks every case of the township and lists exactly the tampered ones', async () => {
    const report = (await request(t.url).get(API.townshipTimelineVerify).set(bearer(operator)).expect(200)).body;
    expect(report.ok).toBe(false);
    const { rows } = await db.query('SELECT count(*)::int AS n FROM incident');
    expect(report.cases).toBe(rows[0].n);
    expect(report.bad.map((b: { incidentId: string }) => b.incidentId).sort()).toEqual([...tampered].sort());
    expect(report.bad.map((b: { chain: { reason: string } }) => b.chain.reason).sort()).toEqual(['deleted', 'edited', 'truncated']);
  });

  it('exports the timeline as CSV, Chinese headers first and times in Beijing time, with hashes and the check', async () => {
    const id = await walkCase();
    const detail = (await request(t.url).get(API.incident(id)).set(bearer(operator)).expect(200)).body as IncidentDetailView;
    const res = await request(t.url).get(API.timelineExport(id, 'csv')).set(bearer(station)).buffer(true).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="timeline-[\w-]+\.csv"; filename\*=UTF-8''/);
    const text = res.text;
    expect(text.startsWith('\uFEFF序号 seq,时间（北京时间）')).toBe(true);
    const lines = text.trim().split('\r\n');
    expect(lines).toHaveLength(7);
    for (const e of detail.timeline) expect(text).toContain(e.hash);
    // 06:00 UTC is 14:00 in Shanghai: the received time is shown eight hours ahead of UTC.
    const utc = new Date(detail.timeline[0].at);
    const beijing = new Date(utc.getTime() + 8 * 3600_000).toISOString().replace('T', ' ').replace('Z', '');
    expect(lines[1]).toContain(beijing);
    expect(lines[1]).toContain('接收警情');
    expect(lines.slice(1).every((l) => l.endsWith('通过 ok'))).toBe(true);
  });

  it('exports the timeline as JSON with every hash, and marks the tampered event in a CSV', async () => {
    const [edited] = tampered;
    const json = await request(t.url).get(API.timelineExport(edited, 'json')).set(bearer(operator)).expect(200);
    expect(json.headers['content-type']).toMatch(/^application\/json/);
    expect(json.headers['content-disposition']).toMatch(/^attachment; filename="timeline-[\w-]+\.json"/);
    const body = JSON.parse(json.text);
    expect(body.events).toHaveLength(6);
    expect(body.events.every((e: { hash: string; prevHash: string }) => /^[0-9a-f]{64}$/.test(e.hash) && /^[0-9a-f]{64}$/.test(e.prevHash))).toBe(true);
    expect(body.verification.chain).toEqual({ ok: false, checked: 2, seq: 3, reason: 'edited' });

    const csv = (await request(t.url).get(API.timelineExport(edited, 'csv')).set(bearer(operator)).buffer(true).expect(200)).text.trim().split('\r\n');
    expect(csv.map((l) => l.split(',').at(-1))).toEqual(['校验 check', '通过 ok', '通过 ok', '内容被改动 edited', '未校验 not checked', '未校验 not checked', '未校验 not checked']);
  });

  it('lets neither a worker verify or export, nor a station check the township', async () => {
    const id = await walkCase();
    await request(t.url).get(API.timelineVerify(id)).set(bearer(workers.W1.token)).expect(403);
    await request(t.url).get(API.timelineExport(id, 'csv')).set(bearer(workers.W1.token)).expect(403);
    await request(t.url).get(API.townshipTimelineVerify).set(bearer(workers.W1.token)).expect(403);
    await request(t.url).get(API.townshipTimelineVerify).set(bearer(station)).expect(403);
    await request(t.url).get(API.timelineVerify(id)).expect(401);
  });

  it('answers 404 for an unknown case, 400 for a bad id or format', async () => {
    await request(t.url).get(API.timelineVerify('00000000-0000-4000-8000-000000000000')).set(bearer(operator)).expect(404);
    await request(t.url).get(API.timelineVerify('not-a-uuid')).set(bearer(operator)).expect(400);
    const [edited] = tampered;
    const bad = await request(t.url).get(`/api/incidents/${edited}/timeline/export?format=xlsx`).set(bearer(operator)).expect(400);
    expect(bad.body.field).toBe('format');
  });
});

describe('the migration that chains the events already stored', () => {
  const CHAIN_MIGRATION = 'ChainIncidentEvents1764500000000';
  const migrate = async (url: string, migrations: typeof MIGRATIONS) => {
    const ds = new DataSource({ type: 'postgres', url, migrations, migrationsTableName: 'schema_migration', entities: [] });
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
    await ds.destroy();
  };

  it('numbers, sources and hashes every old event case by case, and anchors each case', async () => {
    const database = await createTestDatabase();
    const db = new Client({ connectionString: database.url });
    try {
      // The migrations before this one first, as on a database that ran them before it existed; the later
      // ones assume the chained table and run after it, with the rest.
      await migrate(database.url, MIGRATIONS.slice(0, MIGRATIONS.findIndex((m) => m.name === CHAIN_MIGRATION)));
      await db.connect();
      const { rows: [town] } = await db.query(`INSERT INTO township (code, name, center_lng, center_lat) VALUES ('old', '旧街道', 120.5, 30.28) RETURNING id`);
      // Three cases of 700 events each, written interleaved: the migration's pages of 1,000 cut across cases.
      const { rows: cases } = await db.query(
        `INSERT INTO incident (township_id, case_no, source, received_at, caller_name, caller_phone, address, lng, lat, category, description, state, clock_statuses)
         SELECT $1, 'old-' || n, '110', now(), '王女士', '13905712345', '幸福路8号', 120.5, 30.28, 'dispute', '争执', 'received', '{}' FROM generate_series(1, 3) n RETURNING id`,
        [town.id],
      );
      await db.query(
        `INSERT INTO incident_event (township_id, incident_id, type, at, actor, lng, lat, detail)
         SELECT $1, (ARRAY[$2, $3, $4]::uuid[])[1 + n % 3], (ARRAY['received', 'offered', 'declined', 'clock_at_risk'])[1 + n % 4],
                now() + n * interval '1.234567 second', (ARRAY['110:pcs', 'dispatch', 'worker:w1', 'operator:op', 'clock'])[1 + n % 5],
                120.5 + n * 0.000001234, 30.28 + n / 7.0, jsonb_build_object('n', n, 'z', jsonb_build_object('b', 'é', 'a', n / 3.0))
         FROM generate_series(1, 2100) n`,
        [town.id, cases[0].id, cases[1].id, cases[2].id],
      );
      await migrate(database.url, MIGRATIONS);

      for (const { id } of cases) {
        const { rows: [anchor] } = await db.query('SELECT event_count, last_event_hash FROM incident WHERE id = $1', [id]);
        const { rows } = await db.query<{ incident_id: string; seq: number; type: TimelineType; at: Date; actor: string; source: EventSource; worker_id: string | null; lng: number; lat: number; detail: Record<string, unknown>; prev_hash: string; hash: string }>(
          'SELECT * FROM incident_event WHERE incident_id = $1 ORDER BY seq',
          [id],
        );
        expect(anchor.event_count).toBe(700);
        const events = rows.map((r) => ({ incidentId: r.incident_id, seq: r.seq, type: r.type, at: r.at, actor: r.actor, source: r.source, workerId: r.worker_id, lng: r.lng, lat: r.lat, detail: r.detail, prevHash: r.prev_hash, hash: r.hash }));
        expect(verifyChain(events, { count: anchor.event_count, lastHash: anchor.last_event_hash })).toEqual({ ok: true, checked: 700 });
      }
      const { rows: sources } = await db.query(`SELECT DISTINCT actor, source FROM incident_event ORDER BY actor`);
      expect(sources).toEqual([
        { actor: '110:pcs', source: '110' },
        { actor: 'clock', source: 'system' },
        { actor: 'dispatch', source: 'system' },
        { actor: 'operator:op', source: 'console' },
        { actor: 'worker:w1', source: 'phone' },
      ]);
      await expect(db.query('DELETE FROM incident_event WHERE incident_id = $1', [cases[0].id])).rejects.toThrow(/append-only/);
    } finally {
      await db.end();
      await database.drop();
    }
  });
});
