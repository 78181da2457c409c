/**
 * `@RecordRefusals('110-http')` on a door's route: every 4xx it answers (bad signature, invalid field,
 * police matter, conflict) is written to the refusal log, then answered exactly as the global filter
 * would. On a 5xx the accepted signature is released, so the sender's retry of the same signed request
 * is not taken for a replay. Other doors that make cases (camera alerts, the operator's entry, the
 * patrol report) use it with their own name; a signed-in sender's township files the refusal.
 */
import { ArgumentsHost, Catch, Inject, Logger, UseFilters, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { SignedHttpRequest } from '../../auth/signed-integration.guard';
import { SignatureRefusal, SignedRequestVerifier } from '../../auth/signed-request-verifier';
import { answerBody, reportServerError } from '../../errors/domain-error.filter';
import { readableCaseNo } from './intake-110.parse';
import { IntakeRefusals } from './intake-refusals';

abstract class RefusalRecordingFilter implements ExceptionFilter {
  protected abstract readonly door: string;
  private readonly logger = new Logger('Errors');

  constructor(
    @Inject(IntakeRefusals) private readonly refusals: IntakeRefusals,
    @Inject(SignedRequestVerifier) private readonly verifier: SignedRequestVerifier,
  ) {}

  async catch(error: unknown, host: ArgumentsHost): Promise<void> {
    const req = host.switchToHttp().getRequest<SignedHttpRequest & Request>();
    const res = host.switchToHttp().getResponse<Response>();
    const body = answerBody(error);
    if (body.statusCode >= 500) {
      reportServerError(error, body, res, this.logger);
      if (req.signatureDigest) await this.verifier.release(req.signatureDigest).catch(() => undefined);
    } else {
      await this.refusals.record({
        door: this.door,
        answer: body,
        integration: error instanceof SignatureRefusal ? error.integration : (req.integration ?? null),
        townshipId: req.user?.townshipId ?? null,
        caseNo: readableCaseNo(req.body),
        remoteAddress: req.ip ?? null,
      });
    }
    res.status(body.statusCode).json(body);
  }
}

export function RecordRefusals(door: string): MethodDecorator & ClassDecorator {
  @Catch()
  class DoorRefusalFilter extends RefusalRecordingFilter {
    protected readonly door = door;
  }
  return UseFilters(DoorRefusalFilter);
}
