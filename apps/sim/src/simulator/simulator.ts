/**
 * The simulator: a client of the hub's public API that plays the 110 centre, the positioning platform
 * and the phones of every demo worker except the one a person drives.
 */
import { API, type LoginResponse, type TownshipView, type WorkerView } from '@xiaonao/contracts';
import { demoCaseGenerator } from '../township/case-templates';
import { createRandom } from '../township/random';
import { CaseFeed } from './case-feed';
import { Fleet, reportedFix } from './fleet';
import { describeFailure, HubClient, type HubResult } from './hub-client';
import { buildRoster, type SimWorker } from './roster';
import { resolveOptions, type SimulatorOptions } from './simulator-options';
import { emptyStats, type SimulatorStats } from './simulator-stats';
import { Timers } from './timers';
import { WorkerAgent } from './worker-agent';

export interface RunningSimulator {
  /** Closes every socket, clears every timer and aborts requests in flight. */
  stop(): Promise<void>;
  /** A snapshot of the counts so far. */
  stats(): SimulatorStats;
}

/** The hub may still be starting when the simulator is; keep trying to sign in for this long. */
const STARTUP_ATTEMPTS = 20;
const STARTUP_RETRY_MS = 1_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function must<T>(result: HubResult<T>, what: string): T {
  if (!result.ok) throw new Error(`simulator could not ${what}: ${describeFailure(result)}`);
  return result.body;
}

async function signInOperator(client: HubClient, credentials: { username: string; password: string }): Promise<string> {
  let result = await client.post<LoginResponse>(API.login, credentials, {});
  // Only an unreachable or still-starting hub is worth waiting for; a refused password is final.
  for (let attempt = 1; attempt < STARTUP_ATTEMPTS && !result.ok && (result.status === 0 || result.status >= 500); attempt++) {
    await sleep(STARTUP_RETRY_MS);
    result = await client.post<LoginResponse>(API.login, credentials, {});
  }
  return must(result, `sign in as operator ${credentials.username}`).token;
}

export async function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const opts = resolveOptions(options);
  const abort = new AbortController();
  const timers = new Timers();
  const client = new HubClient(opts.hubUrl, abort.signal);
  const stats = emptyStats();

  let township: TownshipView;
  let hubWorkers: WorkerView[];
  try {
    const token = await signInOperator(client, opts.operator);
    township = must(await client.get<TownshipView>(API.township, { token }), 'read the township');
    hubWorkers = must(await client.get<WorkerView[]>(API.workers, { token }), 'list workers');
  } catch (error) {
    abort.abort();
    timers.stop();
    throw error;
  }

  // Separate streams: the case sequence repeats for a seed however the workers' timing interleaves.
  const caseRandom = createRandom(opts.random);
  const workerRandom = createRandom(opts.random ^ 0x2545f491);
  const roster = buildRoster(opts.seed, township, hubWorkers, opts.skipUsernames, workerRandom);
  stats.workers = roster.workers.length;

  const fix = (worker: SimWorker) => reportedFix(worker, opts.gpsNoiseM, workerRandom, new Date());
  const agentContext = { client, options: opts, timers, random: workerRandom, stats, fix };
  const answering = roster.workers.filter((w): w is SimWorker & { account: NonNullable<SimWorker['account']> } => w.account !== null);
  const agents = answering.map((worker) => new WorkerAgent(worker, agentContext));
  const activeIncident = new Map(hubWorkers.map((w) => [w.id, w.activeIncidentId]));
  agents.forEach((agent, k) => {
    const worker = answering[k];
    timers.after((k * opts.loginSpreadMs) / Math.max(1, agents.length), () => void agent.start(activeIncident.get(worker.id) ?? null));
  });

  const fleet = new Fleet(roster.workers, agents, { client, options: opts, timers, random: workerRandom, stats });
  fleet.start();
  if (opts.feedCases) new CaseFeed(demoCaseGenerator(opts.seed, caseRandom), { client, options: opts, timers, random: caseRandom, stats }).start();

  const leftAlone = roster.skipped.map((s) => `${s.name}${s.reason === 'skipped' ? '' : ' (not in seed)'}`).join('、');
  opts.log(
    `playing ${roster.workers.length} workers of ${township.name} (${answering.length} answering offers), random seed ${opts.random}` +
      (leftAlone ? `; left alone: ${leftAlone}` : ''),
  );
  if (opts.feedCases) opts.log(`a 110 case every ~${Math.round(opts.caseIntervalMs / 1000)} s, the first within ${Math.round(opts.firstCaseDelayMs / 1000) + 2} s`);

  return {
    stop() {
      if (!timers.isStopped) {
        timers.stop();
        for (const agent of agents) agent.stop();
        abort.abort();
        opts.log('stopped');
      }
      // Socket.io closes synchronously; the promise leaves room for shutdowns that need to wait.
      return Promise.resolve();
    },
    stats: () => ({ ...stats }),
  };
}
