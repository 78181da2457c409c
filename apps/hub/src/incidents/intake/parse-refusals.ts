/**
 * Refusals the body parser makes before any route runs (a body too large, not JSON) never reach a
 * route's filter: this error middleware, mounted right after the parser, logs them for the signed
 * doors' paths, then hands the error on to the global filter, which answers.
 */
import { HttpException } from '@nestjs/common';
import { API_KEY_HEADER } from '@xiaonao/contracts';
import type { ErrorRequestHandler } from 'express';
import type { AuthService } from '../../auth/auth.service';
import { answerBody } from '../../errors/domain-error.filter';
import type { IntakeRefusals } from './intake-refusals';

export function recordParseRefusals(refusals: IntakeRefusals, auth: AuthService, doors: Readonly<Record<string, string>>): ErrorRequestHandler {
  return (error: unknown, req, _res, next) => {
    const door = req.method === 'POST' ? doors[req.path] : undefined;
    if (!door) return next(error);
    const key = req.headers[API_KEY_HEADER];
    void auth
      .integrationFor(typeof key === 'string' ? key : undefined)
      .catch(() => null)
      .then((integration) => refusals.record({ door, answer: answerBody(toHttpError(error)), integration, caseNo: null, remoteAddress: req.ip ?? null }))
      .finally(() => next(error));
  };
}

/** The parser's errors carry a status like http-errors; the global filter sees them mapped, so map alike. */
function toHttpError(error: unknown): unknown {
  const status = typeof error === 'object' && error !== null ? (error as { status?: unknown }).status : undefined;
  if (typeof status !== 'number' || status >= 500) return error;
  return new HttpException(status === 413 ? 'Payload Too Large' : 'Bad Request', status);
}
