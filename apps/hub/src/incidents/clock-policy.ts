import { Inject, Injectable } from '@nestjs/common';
import type { Category } from '@xiaonao/contracts';
import { resolveClockPolicy, stageClocks, type ClockPolicy, type StageClock } from '@xiaonao/domain';
import { HUB_CONFIG, type HubConfig } from '../config/hub-config';
import { TownshipDirectory } from '../township/township-directory';

/** What the clocks need of a case; `clock_policy` holds the windows it was given at receipt. */
export interface ClockedRow {
  received_at: Date;
  accepted_at: Date | null;
  contacted_at: Date | null;
  arrived_at: Date | null;
  clock_policy?: ClockPolicy | null;
}

/** The 1-3-8 windows: the township's rules by category and priority over the hub's configured default. */
@Injectable()
export class ClockPolicyProvider {
  readonly fallback: ClockPolicy;

  constructor(
    @Inject(HUB_CONFIG) config: HubConfig,
    @Inject(TownshipDirectory) private readonly townships: TownshipDirectory,
  ) {
    this.fallback = config.clock;
  }

  /** The windows a case of this category and priority gets when it is received now. */
  async policyFor(townshipId: string, category: Category, priority: number): Promise<ClockPolicy> {
    return resolveClockPolicy(await this.townships.clockRules(townshipId), category, priority, this.fallback);
  }

  policyOf(row: ClockedRow): ClockPolicy {
    return row.clock_policy ?? this.fallback;
  }

  clocksOf(row: ClockedRow, now: Date): StageClock[] {
    return stageClocks(row.received_at, { acceptedAt: row.accepted_at, contactedAt: row.contacted_at, arrivedAt: row.arrived_at }, now, this.policyOf(row));
  }
}
