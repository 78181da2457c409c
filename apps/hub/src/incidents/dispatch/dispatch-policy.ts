import { Inject, Injectable } from '@nestjs/common';
import { DEFAULT_DISPATCH_POLICY, type DispatchPolicy } from '@xiaonao/domain';
import { HUB_CONFIG, type HubConfig } from '../../config/hub-config';

/** The dispatch policy as configured; travel speeds keep the domain's defaults. */
@Injectable()
export class DispatchPolicyProvider {
  readonly policy: DispatchPolicy;

  constructor(@Inject(HUB_CONFIG) config: HubConfig) {
    this.policy = { ...DEFAULT_DISPATCH_POLICY, ...config.dispatch, arriveTargetSeconds: config.clock.arriveSeconds };
  }
}
