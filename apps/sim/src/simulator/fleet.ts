/**
 * Moves every simulated worker each tick and reports all positions in one batch, the way a personnel
 * positioning platform (人员定位系统) pushes fixes for a whole team.
 */
import { API, type FleetPositionsRequest, type PositionFix } from '@xiaonao/contracts';
import type { Random } from '../township/random';
import { moveWorker } from './fleet-move';
import { describeFailure, type HubClient } from './hub-client';
import { withGpsNoise } from './movement';
import type { SimWorker } from './roster';
import type { ResolvedOptions } from './simulator-options';
import type { SimulatorStats } from './simulator-stats';
import type { Timers } from './timers';
import type { WorkerAgent } from './worker-agent';

/** A stalled event loop must not teleport workers across the township. */
const MAX_TICK_S = 30;

const round6 = (value: number): number => Math.round(value * 1e6) / 1e6;

/** What a phone would report for the worker now: its true position with GPS error. */
export function reportedFix(worker: SimWorker, gpsNoiseM: number, random: Random, now: Date): PositionFix {
  const { lng, lat } = withGpsNoise(worker.position, gpsNoiseM, random);
  return { lng: round6(lng), lat: round6(lat), coordSystem: 'WGS84', at: now.toISOString(), ...(gpsNoiseM > 0 ? { accuracyM: Math.round(gpsNoiseM) } : {}) };
}

export class Fleet {
  private lastTickAt = Date.now();
  private sending = false;
  private failing = false;

  constructor(
    private readonly workers: readonly SimWorker[],
    private readonly agents: readonly WorkerAgent[],
    private readonly ctx: { client: HubClient; options: ResolvedOptions; timers: Timers; random: Random; stats: SimulatorStats },
  ) {}

  start(): void {
    this.lastTickAt = Date.now();
    this.ctx.timers.every(this.ctx.options.positionIntervalMs, () => void this.tick());
  }

  private async tick(): Promise<void> {
    const { options, random } = this.ctx;
    const now = Date.now();
    const elapsedS = Math.min((now - this.lastTickAt) / 1000, MAX_TICK_S);
    this.lastTickAt = now;
    // Off-duty phones are switched off; a worker who went off duty mid-case still finishes it.
    const moving = this.workers.filter((w) => w.onDuty || w.task !== null);
    for (const worker of moving) {
      const next = moveWorker(worker, elapsedS, options, random);
      worker.position = next.position;
      worker.headingRad = next.headingRad;
    }
    for (const agent of this.agents) agent.checkArrival();
    // One batch at a time: if the hub is slow, skip a beat rather than pile requests up.
    if (this.sending || moving.length === 0) return;
    const at = new Date(now);
    const body: FleetPositionsRequest = { positions: moving.map((w) => ({ workerId: w.id, ...reportedFix(w, options.gpsNoiseM, random, at) })) };
    this.sending = true;
    const result = await this.ctx.client.post<unknown>(API.fleetPositions, body, { apiKey: options.apiKey });
    this.sending = false;
    if (result.ok) {
      this.ctx.stats.positionBatches += 1;
      if (this.failing) options.log('positions are getting through again');
      this.failing = false;
      return;
    }
    if (this.ctx.timers.isStopped) return;
    this.ctx.stats.failedRequests += 1;
    // Once per outage, not every five seconds.
    if (!this.failing) options.log(`could not send positions: ${describeFailure(result)}`);
    this.failing = true;
  }
}
