/**
 * The durable 1-3-8 timers under load: 100,000 outstanding timers in PostgreSQL, of which about 10,000
 * fall due within a minute; how late the hub fires them, beside plain `setTimeout`s for the same
 * instants in this process. Then the hub is killed (SIGKILL) while 12,000 more fall due, and restarted:
 * the time until every one of them has fired, beside the time the same restart takes to listen.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { buildHezhuangTownship } from '../apps/sim/src/township/hezhuang';
import { insertBulkCases, timerReport } from './support/bulk-cases';
import { BENCH_NATS_URL, freshDatabase, startProcess, type Running } from './support/processes';
import type { Benchmark, BenchResult } from './support/result';
import { percentile, round } from './support/stats';

const FAR_CASES = Number(process.env.BENCH_TIMER_FAR_CASES || 15_000);
const NEAR_CASES = Number(process.env.BENCH_TIMER_NEAR_CASES || 1_667);
const NEAR_SPREAD_MS = Number(process.env.BENCH_TIMER_SPREAD_MS || 50_000);
const RECOVERY_CASES = Number(process.env.BENCH_TIMER_RECOVERY_CASES || 2_000);
const NEAR_POLICY = { acceptSeconds: 2, contactSeconds: 4, arriveSeconds: 8, warnShare: 0.5 };
const FAR_POLICY = { acceptSeconds: 3_600, contactSeconds: 7_200, arriveSeconds: 14_400, warnShare: 0.75 };
const RECOVERY_POLICY = { acceptSeconds: 1, contactSeconds: 1, arriveSeconds: 2, warnShare: 0.5 };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const nowMs = () => performance.timeOrigin + performance.now();

/** The due instants of a batch, as insertBulkCases lays them out. */
function dueTimes(first: number, count: number, spreadMs: number, p: typeof NEAR_POLICY): number[] {
  const step = count > 1 ? spreadMs / (count - 1) : 0;
  const offsets = [p.acceptSeconds, p.contactSeconds, p.arriveSeconds].flatMap((s) => [s * p.warnShare * 1000, s * 1000]);
  const out: number[] = [];
  for (let i = 0; i < count; i++) for (const o of offsets) out.push(first + i * step + o);
  return out;
}

/** Plain setTimeouts for the same instants: how late Node itself is, in this run, on this machine. */
function setTimeoutBaseline(near: number[], far: number[]): { done: Promise<number[]>; cancel(): void } {
  const lateness: number[] = [];
  const handles: NodeJS.Timeout[] = [];
  let left = near.length;
  let finish: (l: number[]) => void = () => undefined;
  const done = new Promise<number[]>((r) => (finish = r));
  for (const due of near) {
    handles.push(
      setTimeout(() => {
        lateness.push(Math.max(0, nowMs() - due));
        if (--left === 0) finish(lateness);
      }, due - Date.now()),
    );
  }
  // The far ones stay outstanding, as in the table.
  for (const due of far) handles.push(setTimeout(() => undefined, due - Date.now()));
  return { done, cancel: () => handles.forEach(clearTimeout) };
}

export const timerLateness: Benchmark = {
  name: 'timer-lateness',
  description: '1-3-8 deadline timers: firing lateness with 100,000 outstanding (vs setTimeout), and recovery after SIGKILL (vs a plain restart)',
  async run(): Promise<BenchResult[]> {
    const dir = mkdtempSync(join(tmpdir(), 'xiaonao-bench-'));
    const seed = buildHezhuangTownship();
    writeFileSync(join(dir, 'seed.json'), JSON.stringify(seed));
    const db = await freshDatabase();
    const env = { DATABASE_URL: db.url, NATS_URL: BENCH_NATS_URL, PORT: '0', SEED_FILE: join(dir, 'seed.json'), LOG_LEVEL: 'warn', WEB_DIR: join(dir, 'no-web') };
    let hub: Running | null = await startProcess('dist/apps/hub/src/main.js', env);
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      const farStart = new Date();
      const farTimers = await insertBulkCases(client, { townshipCode: seed.code, count: FAR_CASES, firstReceivedAt: farStart, spreadMs: 60_000, policy: FAR_POLICY, batch: 'far' });
      const nearStart = Date.now() + 5_000;
      const nearTimers = await insertBulkCases(client, { townshipCode: seed.code, count: NEAR_CASES, firstReceivedAt: new Date(nearStart), spreadMs: NEAR_SPREAD_MS, policy: NEAR_POLICY, batch: 'near' });
      const near = dueTimes(nearStart, NEAR_CASES, NEAR_SPREAD_MS, NEAR_POLICY);
      const baseline = setTimeoutBaseline(near, dueTimes(farStart.getTime(), FAR_CASES, 60_000, FAR_POLICY));
      const outstanding = farTimers + nearTimers;
      console.log(`  ${outstanding} timers outstanding, ${nearTimers} due within ${Math.round((Math.max(...near) - Date.now()) / 1000)} s`);

      const lastDue = Math.max(...near);
      let report = await timerReport(client, 'near');
      while (Date.now() < lastDue + 1_000 || (report.unfired > 0 && Date.now() < lastDue + 120_000)) {
        await sleep(1_000);
        report = await timerReport(client, 'near');
      }
      const base = await baseline.done;
      baseline.cancel();
      const fired = report.fired;
      const params = { outstanding, measured: fired.length, unfiredAfter: report.unfired, database: 'postgresql', processes: 1 };
      const lateness = (name: string, p: number): BenchResult => {
        const value = percentile(fired, p);
        const b = percentile(base, p);
        return { name, value: round(value, 1), unit: 'ms', baseline: round(b, 2), ratio: round(value / Math.max(b, 0.01), 1), params };
      };
      const results = [lateness('timer_lateness_p50_ms', 50), lateness('timer_lateness_p99_ms', 99), lateness('timer_lateness_max_ms', 100)];

      // Recovery: the hub dies, timers fall due with nobody running, the hub comes back.
      const gone = new Promise((r) => hub?.child.once('exit', r));
      hub.child.kill('SIGKILL');
      await gone;
      hub = null;
      const recoveryStart = Date.now() + 500;
      const recoveryTimers = await insertBulkCases(client, { townshipCode: seed.code, count: RECOVERY_CASES, firstReceivedAt: new Date(recoveryStart), spreadMs: 3_000, policy: RECOVERY_POLICY, batch: 'recovery' });
      await sleep(recoveryStart + 3_000 + RECOVERY_POLICY.arriveSeconds * 1000 + 1_000 - Date.now());
      const spawnedAt = nowMs();
      hub = await startProcess('dist/apps/hub/src/main.js', env);
      const listeningAt = nowMs();
      let recovery = await timerReport(client, 'recovery');
      while (recovery.unfired > 0 && nowMs() - spawnedAt < 300_000) {
        await sleep(50);
        recovery = await timerReport(client, 'recovery');
      }
      const recoveredAt = nowMs();
      const restartMs = listeningAt - spawnedAt;
      const recoverMs = recoveredAt - spawnedAt;
      results.push({
        name: 'timer_recovery_after_sigkill_ms',
        value: round(recoverMs, 0),
        unit: 'ms',
        baseline: round(restartMs, 0),
        ratio: round(recoverMs / restartMs, 2),
        params: { dueWhileDown: recoveryTimers, unfiredAfter: recovery.unfired, outstanding: outstanding + recoveryTimers, baseline: 'the same restart until listening' },
      });
      return results;
    } finally {
      await client.end();
      await hub?.stop();
      await db.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
