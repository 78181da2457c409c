/**
 * One alert from the video platform, whichever door it came by: its camera must be registered and
 * enabled, its time plausible; below its type's threshold it is only recorded; above it, it is counted
 * on its camera's storm (opening a case, or bumping the open case's counter), dispatching at once or
 * waiting for an operator as the type's policy says. The same alertId from the same camera again
 * answers with what the first one did.
 */
import { Inject, Injectable } from '@nestjs/common';
import { CATEGORY_LABELS, type CameraAlertAnswer, type CameraAlertRequest } from '@xiaonao/contracts';
import { categoryOfAlert, checkAlertTime, DomainError, judgeAlert } from '@xiaonao/domain';
import { Counter } from 'prom-client';
import { Clock } from '../clock/clock';
import { MetricsService } from '../ops/metrics.service';
import { TownshipDirectory } from '../township/township-directory';
import { CameraPolicies } from './camera-policies';
import { CameraRegistry } from './camera-registry';
import { StormCounter } from './storm-counter';

export interface ReceivedAlert {
  answer: CameraAlertAnswer;
  /** false: this alertId was already received; nothing new was recorded. */
  created: boolean;
}

@Injectable()
export class ReceiveCameraAlert {
  private readonly alerts: Counter<'outcome'>;

  constructor(
    @Inject(CameraRegistry) private readonly registry: CameraRegistry,
    @Inject(CameraPolicies) private readonly policies: CameraPolicies,
    @Inject(TownshipDirectory) private readonly townships: TownshipDirectory,
    @Inject(StormCounter) private readonly counter: StormCounter,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(MetricsService) metrics: MetricsService,
  ) {
    this.alerts = new Counter({ name: 'xiaonao_camera_alerts_total', help: 'Camera alerts received, by outcome (duplicates apart)', labelNames: ['outcome'], registers: [metrics.registry] });
  }

  async run(townshipId: string, req: CameraAlertRequest): Promise<ReceivedAlert> {
    const receivedAt = this.clock.now();
    const camera = await this.registry.forAlert(townshipId, req.cameraCode);
    const seenAt = new Date(req.at);
    checkAlertTime(seenAt, receivedAt);
    const policy = await this.policies.forType(townshipId, req.type);
    const verdict = judgeAlert(req.confidence, policy);
    const counted = verdict !== 'below_threshold';
    // Refused before anything is written, like any refusal of the door.
    if (counted) await this.refusePoliceMatter(townshipId, req);
    const answer = await this.counter.count({
      camera,
      ref: req.alertId,
      type: req.type,
      confidence: req.confidence,
      seenAt,
      receivedAt,
      snapshotRef: req.snapshotRef ?? null,
      clipRef: req.clipRef ?? null,
      counted,
      windowMs: policy.stormWindowSeconds * 1000,
      hold: verdict === 'hold',
      raisedBy: null,
    });
    if (!answer.duplicate) this.alerts.inc({ outcome: answer.outcome });
    return { answer, created: !answer.duplicate };
  }

  /** A township may mark a camera type's category police-only: refused before anything is written. */
  private async refusePoliceMatter(townshipId: string, req: CameraAlertRequest): Promise<void> {
    const category = categoryOfAlert(req.type);
    if (!(await this.townships.responsibility(townshipId, category)).policeOnly) return;
    const name = CATEGORY_LABELS[category];
    throw new DomainError('POLICE_MATTER', `type：「${name.zh}」属于警务事项，不由街道处置`, `type: ${name.en} is a police matter for this township`, 'type');
  }
}
