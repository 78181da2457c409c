/** Plays the 110 command centre: transfers a non-police case every so often through the intake API. */
import { API, CATEGORY_LABELS, type Intake110Response } from '@xiaonao/contracts';
import type { DemoCaseGenerator } from '../township/case-templates';
import type { Random } from '../township/random';
import { describeFailure, type HubClient } from './hub-client';
import { nextCaseDelayMs } from './responder-policy';
import type { ResolvedOptions } from './simulator-options';
import type { SimulatorStats } from './simulator-stats';
import type { Timers } from './timers';

/** The first case lands within this much after `firstCaseDelayMs`, so two runs do not look identical. */
const FIRST_CASE_JITTER_MS = 2_000;

export class CaseFeed {
  constructor(
    private readonly generator: DemoCaseGenerator,
    private readonly ctx: { client: HubClient; options: ResolvedOptions; timers: Timers; random: Random; stats: SimulatorStats },
  ) {}

  start(): void {
    const { options, timers, random } = this.ctx;
    timers.after(options.firstCaseDelayMs + random.between(0, FIRST_CASE_JITTER_MS), () => void this.send());
  }

  private async send(): Promise<void> {
    const { options, timers, random, client, stats } = this.ctx;
    // Scheduled before sending, so a slow or failing hub does not slow the feed down.
    timers.after(nextCaseDelayMs(options.caseIntervalMs, random), () => void this.send());
    const { request, gridCode } = this.generator.next(new Date());
    const result = await client.post<Intake110Response>(API.intake110, request, { apiKey: options.apiKey, signingSecret: options.signingSecret });
    if (!result.ok) {
      if (timers.isStopped) return;
      stats.failedRequests += 1;
      options.log(`110 case ${request.caseNo} was not taken: ${describeFailure(result)}`);
      return;
    }
    stats.casesSent += 1;
    options.log(
      `110 case ${request.caseNo} [${CATEGORY_LABELS[request.category].zh}] ${request.address} (${gridCode}) from ${request.policeStationCode}: ${request.description}`,
    );
  }
}
