import { Inject, Injectable } from '@nestjs/common';
import { stageClocks, type ClockPolicy, type StageClock } from '@xiaonao/domain';
import { HUB_CONFIG, type HubConfig } from '../config/hub-config';

/** The township's 1-3-8 windows as configured (per-township and per-category policies come with issue #4). */
@Injectable()
export class ClockPolicyProvider {
  readonly policy: ClockPolicy;

  constructor(@Inject(HUB_CONFIG) config: HubConfig) {
    this.policy = config.clock;
  }

  clocksOf(row: { received_at: Date; accepted_at: Date | null; contacted_at: Date | null; arrived_at: Date | null }, now: Date): StageClock[] {
    return stageClocks(row.received_at, { acceptedAt: row.accepted_at, contactedAt: row.contacted_at, arrivedAt: row.arrived_at }, now, this.policy);
  }
}
