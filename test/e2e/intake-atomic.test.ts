/**
 * One intake transaction: the 110 door's fingerprint, the case, its report, timers and news commit
 * together or not at all. Faults are injected with triggers in the test's own database, at the first
 * and at the last write of the transaction, and the answer is checked against what is stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from 'pg';
import type { CameraAlertAnswer } from '@xiaonao/contracts';
import { STORM_OPENING_GRACE_MS } from '@xiaonao/domain';
import { newCameraAlert, newCameraSeed, postCameraAlert } from '../support/camera-clients';
import { postCase, until } from '../support/clients';
import { newIntake110 } from '../support/factories';
import { startTestHub, type TestHub } from '../support/hub';
import { MovableClock } from '../support/movable-clock';

describe('one transaction per 110 case', () => {
  let t: TestHub;
  let pg: Client;

  /** Every row a case number leaves anywhere intake writes. */
  const rowsOf = async (caseNo: string) => {
    const { rows } = await pg.query<{ incidents: number; reports: number; fingerprints: number; timers: number; news: number }>(
      `SELECT (SELECT count(*) FROM incident WHERE case_no = $1)::int AS incidents,
              (SELECT count(*) FROM incident_report WHERE case_no = $1)::int AS reports,
              (SELECT count(*) FROM intake_fingerprint WHERE case_no = $1)::int AS fingerprints,
              (SELECT count(*) FROM case_timer ct JOIN incident i ON i.id = ct.incident_id WHERE i.case_no = $1)::int AS timers,
              (SELECT count(*) FROM outbox WHERE envelope::text LIKE '%' || $1 || '%')::int AS news`,
      [caseNo],
    );
    return rows[0];
  };

  /** A trigger that fails the statement writing `table` for case numbers starting FAULT-. */
  const failWritesOf = async (table: string, column: string) => {
    await pg.query(`CREATE OR REPLACE FUNCTION test_fault() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.${column}::text LIKE '%FAULT-%' THEN RAISE EXCEPTION 'injected fault'; END IF; RETURN NEW; END $$`);
    await pg.query(`CREATE TRIGGER test_fault BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION test_fault()`);
    return () => pg.query(`DROP TRIGGER test_fault ON ${table}`);
  };

  beforeAll(async () => {
    t = await startTestHub();
    pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
  });

  afterAll(async () => {
    await pg?.end();
    await t?.close();
  });

  it.each([
    ['the fingerprint (the first write)', 'intake_fingerprint', 'case_no'],
    ['the news (the last write)', 'outbox', 'envelope'],
  ])('a fault writing %s answers 5xx and leaves nothing; the resend makes the case once', async (_, table, column) => {
    const body = newIntake110({ caseNo: `FAULT-${table.replace('_', '')}-${Date.now()}` });
    const heal = await failWritesOf(table, column);
    const failed = await postCase(t.url, t.apiKey, body);
    expect(failed.status).toBeGreaterThanOrEqual(500);
    expect(await rowsOf(body.caseNo)).toEqual({ incidents: 0, reports: 0, fingerprints: 0, timers: 0, news: 0 });
    await heal();

    // The contract tells the 110 side to resend after a 5xx: the resend is the first delivery, not a conflict.
    const resent = await postCase(t.url, t.apiKey, body).expect(201);
    expect(resent.body.receipt).toMatchObject({ caseNo: body.caseNo, duplicate: false });
    const again = await postCase(t.url, t.apiKey, body);
    expect(again.status).toBeLessThan(300);
    expect(again.body.receipt).toMatchObject({ incidentId: resent.body.incidentId, duplicate: true });
    const stored = await rowsOf(body.caseNo);
    expect(stored).toMatchObject({ incidents: 1, reports: 1, fingerprints: 1 });
    expect(stored.timers).toBeGreaterThan(0);
    expect(stored.news).toBeGreaterThan(0);
  });

  it('keeps the fingerprint with every case it makes, so a resend is judged against the first request', async () => {
    const body = newIntake110();
    await postCase(t.url, t.apiKey, body).expect(201);
    expect(await rowsOf(body.caseNo)).toMatchObject({ incidents: 1, reports: 1, fingerprints: 1 });

    const before = await rowsOf(body.caseNo);
    const changed = await postCase(t.url, t.apiKey, { ...body, description: `${body.description}（改）` }).expect(409);
    expect(changed.body).toMatchObject({ code: 'DUPLICATE_CONFLICT', field: 'description' });
    expect(await rowsOf(body.caseNo)).toEqual(before);
  });

  it('judges a resend by the stored request, not by the view (whose caller number may be masked)', async () => {
    const body = newIntake110();
    await postCase(t.url, t.apiKey, body).expect(201);
    // A case from before fingerprints were kept: only its report remains to judge by.
    await pg.query('DELETE FROM intake_fingerprint WHERE case_no = $1', [body.caseNo]);
    const same = await postCase(t.url, t.apiKey, body);
    expect(same.status).toBeLessThan(300);
    expect(same.body.receipt.duplicate).toBe(true);
    const otherPhone = await postCase(t.url, t.apiKey, { ...body, callerPhone: '13900000001' }).expect(409);
    expect(otherPhone.body.field).toBe('callerPhone');
  });
});

/**
 * The camera door's ledger is the alert and its storm, group-committed per batch; the storm's case is
 * made from the storm after that commit (so that a storm costs a few statements per batch). Its
 * answers must still agree with the database: a fault while making the case is not a 5xx for an
 * alert that is stored, and the storm's next alert makes the case.
 */
describe('the camera door when making a case fails', () => {
  let t: TestHub;
  let pg: Client;
  const clock = new MovableClock();

  beforeAll(async () => {
    t = await startTestHub({ seed: newCameraSeed(), clock });
    pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
  });

  afterAll(async () => {
    await pg?.end();
    await t?.close();
  });

  it('answers 2xx for the stored alert with no case yet, and the next alert after the grace makes the case', async () => {
    await pg.query(`CREATE FUNCTION test_fault() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected fault'; END $$`);
    await pg.query(`CREATE TRIGGER test_fault BEFORE INSERT ON incident FOR EACH ROW WHEN (NEW.source = 'camera') EXECUTE FUNCTION test_fault()`);
    const first = newCameraAlert({ cameraCode: 'CAM-03', type: 'smoke', at: clock.now().toISOString() });
    const answered = await postCameraAlert(t.url, t.apiKey, first);
    expect(answered.status).toBe(201);
    expect(answered.body as CameraAlertAnswer).toMatchObject({ alertId: first.alertId, duplicate: false, incidentId: null });
    const stored = await pg.query(`SELECT a.outcome FROM camera_alert a WHERE a.alert_ref = $1`, [first.alertId]);
    expect(stored.rows).toHaveLength(1);
    expect((await pg.query(`SELECT count(*)::int AS n FROM incident WHERE source = 'camera'`)).rows[0].n).toBe(0);

    await pg.query('DROP TRIGGER test_fault ON incident');
    clock.advance(STORM_OPENING_GRACE_MS + 1_000);
    const next = newCameraAlert({ cameraCode: 'CAM-03', type: 'smoke', at: clock.now().toISOString() });
    const made = (await postCameraAlert(t.url, t.apiKey, next).expect(201)).body as CameraAlertAnswer;
    expect(made.incidentId).not.toBeNull();
    const cases = await until(
      async () => (await pg.query<{ n: number }>(`SELECT count(*)::int AS n FROM incident WHERE source = 'camera'`)).rows[0].n,
      (n) => n === 1,
      'the storm’s case',
    );
    expect(cases).toBe(1);
  });
});
