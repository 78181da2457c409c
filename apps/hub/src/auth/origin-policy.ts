/**
 * Which browser pages may call the hub: a request with no Origin is not a browser page's (curl, the
 * 110 bridges, phones' native clients, tests) and passes; a page on the hub's own origin, as the
 * browser addressed it, passes; any other origin must be on the allow-list (ALLOWED_ORIGINS, plus
 * PUBLIC_URL and http://HOST:PORT). Everything else is refused before any handler runs, so a foreign
 * page cannot even make the hub act (a sign-in attempt, a step), let alone read the answer.
 */
import type { NextFunction, Request, Response } from 'express';
import type { CorsOptions } from '@nestjs/common/interfaces/external/cors-options.interface';
import type { ErrorBody } from '@xiaonao/contracts';

export function originAllowed(origin: string | undefined, host: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined || origin === '') return true;
  if (allowed.includes(origin)) return true;
  // "null" (a sandboxed frame, a file: page) and anything unparsable are nobody's origin.
  if (!host || !URL.canParse(origin)) return false;
  const parsed = new URL(origin);
  return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.host === host.toLowerCase();
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

const REFUSED: ErrorBody = {
  statusCode: 403,
  code: 'ORIGIN_NOT_ALLOWED',
  message: '该网页来源不在允许列表中（ALLOWED_ORIGINS）',
  messageEn: 'This page’s origin is not on the allow-list (ALLOWED_ORIGINS)',
  field: 'origin',
};

/** Express middleware: a request from a page on a foreign origin is answered 403 and goes no further. */
export function refuseForeignOrigins(allowed: readonly string[]) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (originAllowed(header(req.headers.origin), header(req.headers.host), allowed)) return next();
    res.status(403).json(REFUSED);
  };
}

/** CORS answers for the allowed other origins (the hub's own pages need none). Bearer tokens, not cookies: no credentials. */
export function corsFor(allowed: readonly string[]): CorsOptions {
  return { origin: [...allowed], credentials: false, maxAge: 600 };
}
