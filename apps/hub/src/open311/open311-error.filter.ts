/**
 * Open311's error answer: a list of `{ code, description }`, `code` the HTTP status (GeoReport v2,
 * "Errors"). The description is the hub's own refusal, Chinese first and English after ` / `, naming
 * the field (「字段 lat 无效：…」). A refused POST is also written to the refusal log as `open311-http`.
 */
import { ArgumentsHost, Catch, Inject, Logger, type ExceptionFilter } from '@nestjs/common';
import type { ErrorBody, Open311Error } from '@xiaonao/contracts';
import type { Request, Response } from 'express';
import type { AuthedRequest } from '../auth/session';
import { answerBody, reportServerError } from '../errors/domain-error.filter';
import { IntakeRefusals } from '../incidents/intake/intake-refusals';

export const OPEN311_REFUSAL_DOOR = 'open311-http';

export function open311Errors(body: ErrorBody): Open311Error[] {
  const description = body.messageEn && body.messageEn !== body.message ? `${body.message} / ${body.messageEn}` : body.message;
  return [{ code: body.statusCode, description }];
}

@Catch()
export class Open311ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Open311');

  constructor(@Inject(IntakeRefusals) private readonly refusals: IntakeRefusals) {}

  async catch(error: unknown, host: ArgumentsHost): Promise<void> {
    const req = host.switchToHttp().getRequest<AuthedRequest & Request>();
    const res = host.switchToHttp().getResponse<Response>();
    const body = answerBody(error);
    if (body.statusCode >= 500) reportServerError(error, body, res, this.logger);
    else if (req.method === 'POST') {
      await this.refusals.record({ door: OPEN311_REFUSAL_DOOR, answer: body, integration: req.integration ?? null, caseNo: null, remoteAddress: req.ip ?? null });
    }
    res.status(body.statusCode).json(open311Errors(body));
  }
}
