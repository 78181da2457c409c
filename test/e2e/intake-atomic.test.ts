/**
 * One intake transaction: the 110 door's fingerprint, the case, its report, timers and news commit
 * together or not at all. Faults are injected with triggers in the test's own database, at the first
 * and at the last write of the transaction, and the answer is checked against what is stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from 'pg';
import type { CameraAlertAnswer } from '@xiaonao/contracts';
import { newCameraAlert, newCameraSeed, postCameraAlert } from '../support/camera-clients';
import { postCase } from '../support/clients';
import { newIntake110 } from '../support/factories';
import { startTestHub, type TestHub } from '../support/hub';

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

    // The case is dispatched meanwhile (its offers are news of their own): what the refusal must not add is
    // another case, report, fingerprint, timer or receipt.
    const kept = async () => {
      const { news: _dispatchedMeanwhile, ...rows } = await rowsOf(body.caseNo);
      const { rows: [received] } = await pg.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE envelope->>'event' = 'incident.received' AND envelope::text LIKE '%' || $1 || '%'`, [body.caseNo]);
      return { ...rows, received: received.n };
    };
    const before = await kept();
    const changed = await postCase(t.url, t.apiKey, { ...body, description: `${body.description}（改）` }).expect(409);
    expect(changed.body).toMatchObject({ code: 'DUPLICATE_CONFLICT', field: 'description' });
    expect(await kept()).toEqual({ ...before, received: 1 });
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
 * The camera door: an alert is counted on its camera's storm, and the alert that opens a storm makes
 * its case, all in one transaction (with the batch of alerts it arrived with). A fault making the case
 * leaves no alert, no storm and no case, and the camera platform's resend makes them once.
 */
describe('the camera door when making a case fails', () => {
  let t: TestHub;
  let pg: Client;

  const stored = async (alertId: string) => {
    const { rows } = await pg.query<{ alerts: number; storms: number; cases: number }>(
      `SELECT (SELECT count(*) FROM camera_alert WHERE alert_ref = $1)::int AS alerts,
              (SELECT count(*) FROM camera_storm s JOIN camera c ON c.id = s.camera_id WHERE c.code = 'CAM-03')::int AS storms,
              (SELECT count(*) FROM incident WHERE source = 'camera')::int AS cases`,
      [alertId],
    );
    return rows[0];
  };

  beforeAll(async () => {
    t = await startTestHub({ seed: newCameraSeed() });
    pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
  });

  afterAll(async () => {
    await pg?.end();
    await t?.close();
  });

  it('answers 5xx and stores nothing of the alert, its storm or its case; the resend makes all three once', async () => {
    await pg.query(`CREATE FUNCTION test_fault() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected fault'; END $$`);
    await pg.query(`CREATE TRIGGER test_fault BEFORE INSERT ON incident FOR EACH ROW WHEN (NEW.source = 'camera') EXECUTE FUNCTION test_fault()`);
    const alert = newCameraAlert({ cameraCode: 'CAM-03', type: 'smoke' });
    const failed = await postCameraAlert(t.url, t.apiKey, alert);
    expect(failed.status).toBeGreaterThanOrEqual(500);
    expect(await stored(alert.alertId)).toEqual({ alerts: 0, storms: 0, cases: 0 });

    await pg.query('DROP TRIGGER test_fault ON incident');
    const made = (await postCameraAlert(t.url, t.apiKey, alert).expect(201)).body as CameraAlertAnswer;
    expect(made).toMatchObject({ alertId: alert.alertId, duplicate: false, outcome: 'opened', alertCount: 1 });
    expect(made.incidentId).not.toBeNull();
    expect(await stored(alert.alertId)).toEqual({ alerts: 1, storms: 1, cases: 1 });
    const again = (await postCameraAlert(t.url, t.apiKey, alert).expect(200)).body as CameraAlertAnswer;
    expect(again).toMatchObject({ duplicate: true, incidentId: made.incidentId });
  });
});
