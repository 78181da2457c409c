/**
 * 视频巡查: an operator watching a camera's feed sees something and raises a case from the camera. It
 * counts like an alert the operator vouches for (full confidence, no threshold): it joins the camera's
 * open storm of that type if there is one, and whatever case it lands on is confirmed for dispatch,
 * since the operator has just looked.
 */
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CATEGORY_LABELS, type CameraAlertAnswer, type CameraRaiseRequest, type SessionUser } from '@xiaonao/contracts';
import { categoryOfAlert, DomainError } from '@xiaonao/domain';
import { Clock } from '../clock/clock';
import { ConfirmDispatch } from '../incidents/command/confirm-dispatch.use-case';
import { TownshipDirectory } from '../township/township-directory';
import { CameraPolicies } from './camera-policies';
import { CameraRegistry } from './camera-registry';
import { StormCounter } from './storm-counter';

@Injectable()
export class RaiseFromCamera {
  constructor(
    @Inject(CameraRegistry) private readonly registry: CameraRegistry,
    @Inject(CameraPolicies) private readonly policies: CameraPolicies,
    @Inject(TownshipDirectory) private readonly townships: TownshipDirectory,
    @Inject(StormCounter) private readonly counter: StormCounter,
    @Inject(ConfirmDispatch) private readonly confirm: ConfirmDispatch,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async run(user: SessionUser, cameraId: string, req: CameraRaiseRequest): Promise<CameraAlertAnswer> {
    // A disabled camera's alerts are refused, but its feed may still be watched: the operator's eyes decide.
    const camera = await this.registry.byId(user.townshipId, cameraId);
    const category = categoryOfAlert(req.type);
    if ((await this.townships.responsibility(user.townshipId, category)).policeOnly) {
      throw new DomainError('POLICE_MATTER', `type：「${CATEGORY_LABELS[category].zh}」属于警务事项，请转 110`, `type: ${CATEGORY_LABELS[category].en} is a police matter; call 110`, 'type');
    }
    const policy = await this.policies.forType(user.townshipId, req.type);
    const now = this.clock.now();
    const answer = await this.counter.count({
      camera,
      ref: `raise-${randomUUID()}`,
      type: req.type,
      confidence: 1,
      seenAt: now,
      receivedAt: now,
      snapshotRef: null,
      clipRef: null,
      counted: true,
      windowMs: policy.stormWindowSeconds * 1000,
      hold: false,
      raisedBy: { username: user.username, note: req.description },
    });
    if (!answer.incidentId || !answer.awaitingConfirmation) return answer;
    const incident = await this.confirm.run(user, answer.incidentId);
    return { ...answer, awaitingConfirmation: incident.awaitingConfirmation };
  }
}
