/**
 * Open311 clients post form-encoded bodies (the spec's default) or JSON. The hub's global parser reads
 * JSON only: form bodies are parsed for the Open311 paths alone, and a body neither parser can read is
 * answered in Open311's error shape rather than the hub's.
 */
import type { NestExpressApplication } from '@nestjs/platform-express';
import { INTAKE_MAX_BODY_BYTES, type ErrorBody } from '@xiaonao/contracts';
import { urlencoded, type ErrorRequestHandler } from 'express';
import { open311Errors } from './open311-error.filter';

export const OPEN311_BASE = '/open311';

/** After the JSON parser (and its refusal log): form parsing for Open311, and its parse errors in Open311's shape. */
export function mountOpen311Body(app: NestExpressApplication): void {
  // Flat fields only (the spec's form has no nesting); `extended: false` keeps `a[b]=c` a plain key.
  app.use(OPEN311_BASE, urlencoded({ extended: false, limit: INTAKE_MAX_BODY_BYTES, parameterLimit: 100 }));
  const answer: ErrorRequestHandler = (error: unknown, _req, res, next) => {
    const status = typeof error === 'object' && error !== null ? (error as { status?: unknown }).status : undefined;
    if (typeof status !== 'number' || status >= 500) return next(error);
    const refusal: ErrorBody =
      status === 413
        ? { statusCode: 413, code: 'PAYLOAD_TOO_LARGE', message: 'body：请求体过大（上限 256 KB）', messageEn: 'body: request body too large (limit 256 KB)', field: 'body' }
        : { statusCode: 400, code: 'INVALID_JSON', message: 'body：请求体无法解析（须为 JSON 或表单）', messageEn: 'body: not valid JSON or form data', field: 'body' };
    res.status(refusal.statusCode).json(open311Errors(refusal));
  };
  app.use(OPEN311_BASE, answer);
}
