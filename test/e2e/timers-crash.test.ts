/**
 * The 1-3-8 timers survive anything the machine does: two built hub processes share one database while
 * they are killed with SIGKILL at random moments and restarted; afterwards every timer that fell due
 * fired exactly once (one timeline event each, never two), none was lost, and the lateness is reported.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProcess, type Running } from '../../bench/support/processes';
import { insertBulkCases, timerReport } from '../../bench/support/bulk-cases';
import { newTownshipSeed } from '../support/factories';
import { createTestDatabase, TEST_NATS_URL } from '../support/hub';
import { sleep, until } from '../support/clients';

const CASES = 1_000;
const BATCH = 'crash';
const POLICY = { acceptSeconds: 2, contactSeconds: 4, arriveSeconds: 8, warnShare: 0.5 };
const SPREAD_MS = 10_000;

const quantile = (sorted: readonly number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

describe('durable timers under SIGKILL, with two hub processes', () => {
  const seed = newTownshipSeed({ code: 'crashtown', workers: 2 });
  const dir = mkdtempSync(join(tmpdir(), 'xiaonao-crash-'));
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let client: Client;
  const hubs: Record<'A' | 'B', Running | null> = { A: null, B: null };

  const start = async (name: 'A' | 'B') => {
    hubs[name] = await startProcess('dist/apps/hub/src/main.js', {
      DATABASE_URL: database.url,
      NATS_URL: TEST_NATS_URL,
      PORT: '0',
      LOG_LEVEL: 'warn',
      HUB_INSTANCE: name,
      SEED_FILE: join(dir, 'seed.json'),
    });
  };
  const kill = async (name: 'A' | 'B') => {
    const hub = hubs[name];
    hubs[name] = null;
    if (!hub || hub.child.exitCode !== null) return;
    const gone = new Promise((resolve) => hub.child.once('exit', resolve));
    hub.child.kill('SIGKILL');
    await gone;
  };

  beforeAll(async () => {
    writeFileSync(join(dir, 'seed.json'), JSON.stringify(seed));
    database = await createTestDatabase();
    await start('A');
    await start('B');
    client = new Client({ connectionString: database.url });
    await client.connect();
  });

  afterAll(async () => {
    await Promise.all([kill('A'), kill('B')]);
    await client?.end();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('fires every timer that fell due exactly once, across random kills and restarts', async () => {
    const firstReceivedAt = new Date(Date.now() + 1_000);
    const timers = await insertBulkCases(client, { townshipCode: seed.code, count: CASES, firstReceivedAt, spreadMs: SPREAD_MS, policy: POLICY, batch: BATCH });
    expect(timers).toBe(CASES * 6);
    const lastDue = firstReceivedAt.getTime() + SPREAD_MS + POLICY.arriveSeconds * 1000;

    // Chaos while the timers fall due: kill one process or both, at random, and bring them back.
    const schedule: string[] = [];
    // At least three kills, however slowly a loaded machine restarts the processes.
    while (Date.now() < lastDue - 1_000 || schedule.length < 3) {
      await sleep(500 + Math.random() * 1_500);
      const victims: ('A' | 'B')[] = Math.random() < 0.25 ? ['A', 'B'] : [Math.random() < 0.5 ? 'A' : 'B'];
      const downMs = Math.round(300 + Math.random() * 1_500);
      schedule.push(`${new Date().toISOString().slice(11, 23)} kill ${victims.join('+')} for ${downMs} ms`);
      await Promise.all(victims.map(kill));
      await sleep(downMs);
      await Promise.all(victims.map(start));
    }
    console.log(`timers-crash: ${schedule.length} kills\n  ${schedule.join('\n  ')}`);
    expect(schedule.length).toBeGreaterThanOrEqual(3);

    // Let the survivors catch up with whatever fell due while nobody was running.
    const report = await until(() => timerReport(client, BATCH), (r) => Date.now() > lastDue + 500 && r.unfired === 0, 'every due timer fired after the chaos').catch(() => timerReport(client, BATCH));
    expect(report.unfired).toBe(0);
    expect(report.fired.length + report.moot).toBe(CASES * 6);

    const { rows: twice } = await client.query(
      `SELECT e.incident_id, e.type, e.detail->>'stage' AS stage, count(*)::int AS n FROM incident_event e JOIN incident i ON i.id = e.incident_id
       WHERE i.case_no LIKE $1 AND e.type IN ('clock_at_risk', 'clock_breached', 'escalated') GROUP BY 1, 2, 3 HAVING count(*) > 1`,
      [`${BATCH}-%`],
    );
    expect(twice).toEqual([]);
    const { rows: events } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM incident_event e JOIN incident i ON i.id = e.incident_id WHERE i.case_no LIKE $1 AND e.type IN ('clock_at_risk', 'clock_breached')`,
      [`${BATCH}-%`],
    );
    expect(events[0].n).toBe(report.fired.length);

    const { rows: byProcess } = await client.query<{ fired_by: string; n: number }>(
      `SELECT fired_by, count(*)::int AS n FROM case_timer GROUP BY fired_by ORDER BY fired_by`,
    );
    const sorted = [...report.fired].sort((a, b) => a - b);
    console.log(
      `timers-crash: ${report.fired.length} fired, ${report.moot} moot, 0 lost; lateness p50 ${quantile(sorted, 0.5)} ms, p99 ${quantile(sorted, 0.99)} ms, ` +
        `max ${sorted[sorted.length - 1]} ms (timers due while both processes were down wait for the restart); by process ${byProcess.map((r) => `${r.fired_by}=${r.n}`).join(', ')}`,
    );
  });
});
