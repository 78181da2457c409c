/** The one place where errors become HTTP answers: domain codes to statuses, bodies in contracts' ErrorBody shape. */
import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import type { ErrorBody } from '@xiaonao/contracts';
import { DomainError, type DomainErrorCode } from '@xiaonao/domain';
import type { Response } from 'express';
import { isDatabaseUnavailable } from '../persistence/database-unavailable';
import { RefinedDomainError } from './refined-error';

/** How long a caller waits before trying again while PostgreSQL is away. */
const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * Logs a 5xx and sets what its answer needs: while PostgreSQL is away, one warning line (every request
 * ends here during an outage) and Retry-After; otherwise the stack.
 */
export function reportServerError(error: unknown, body: ErrorBody, response: Response, logger: Logger): void {
  if (body.code === 'DATABASE_UNAVAILABLE') {
    logger.warn(`database unavailable: ${error instanceof Error ? error.message : String(error)}`);
    response.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
  } else if (body.statusCode >= 500) logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
}

const STATUS: Record<DomainErrorCode, number> = {
  INVALID_INPUT: HttpStatus.BAD_REQUEST,
  UNAUTHORIZED: HttpStatus.UNAUTHORIZED,
  FORBIDDEN: HttpStatus.FORBIDDEN,
  NOT_YOUR_CASE: HttpStatus.FORBIDDEN,
  CASE_REASSIGNED: HttpStatus.CONFLICT,
  IDEMPOTENCY_KEY_REUSED: HttpStatus.UNPROCESSABLE_ENTITY,
  NOT_FOUND: HttpStatus.NOT_FOUND,
  ILLEGAL_TRANSITION: HttpStatus.CONFLICT,
  OFFER_NOT_OPEN: HttpStatus.CONFLICT,
  DUPLICATE_CONFLICT: HttpStatus.CONFLICT,
  POLICE_MATTER: HttpStatus.UNPROCESSABLE_ENTITY,
  PLACE_NOT_FOUND: HttpStatus.UNPROCESSABLE_ENTITY,
  PAYLOAD_TOO_LARGE: HttpStatus.PAYLOAD_TOO_LARGE,
  TOO_MANY_REQUESTS: HttpStatus.TOO_MANY_REQUESTS,
  LOCKED: HttpStatus.LOCKED,
};

export function errorBody(error: unknown): ErrorBody {
  if (error instanceof DomainError) {
    const code = error instanceof RefinedDomainError ? error.answerCode : error.code;
    return { statusCode: STATUS[error.code], code, message: error.message, messageEn: error.messageEn, ...(error.field ? { field: error.field } : {}) };
  }
  if (error instanceof HttpException) {
    const status: number = error.getStatus();
    if (status === 413) return { statusCode: status, code: 'PAYLOAD_TOO_LARGE', message: 'body：请求体过大（上限 256 KB）', messageEn: 'body: request body too large (limit 256 KB)', field: 'body' };
    if (status === 404) return { statusCode: status, code: 'NOT_FOUND', message: '接口不存在', messageEn: 'No such route' };
    return { statusCode: status, code: 'HTTP_' + status, message: '请求无效', messageEn: error.message };
  }
  if (isDatabaseUnavailable(error)) {
    return { statusCode: HttpStatus.SERVICE_UNAVAILABLE, code: 'DATABASE_UNAVAILABLE', message: '数据库暂不可用，未保存任何内容，请稍后重试', messageEn: 'The database is unavailable; nothing was saved, try again shortly' };
  }
  return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, code: 'INTERNAL', message: '服务器内部错误', messageEn: 'Internal error' };
}

/** The body an HTTP answer carries for `error`: errorBody, with the body parser's 400 named for what it is. */
export function answerBody(error: unknown): ErrorBody {
  const body = errorBody(error);
  // Malformed JSON reaches us as a 400 from the body parser: say so in the same shape.
  if (error instanceof HttpException && body.statusCode === 400 && !(error instanceof DomainError)) {
    body.code = 'INVALID_JSON';
    body.message = '请求体不是有效的 JSON';
    body.messageEn = 'Request body is not valid JSON';
    body.field = 'body';
  }
  return body;
}

@Catch()
export class DomainErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(error: unknown, host: ArgumentsHost): void {
    const body = answerBody(error);
    const response = host.switchToHttp().getResponse<Response>();
    reportServerError(error, body, response, this.logger);
    // A refusal that ends by itself (a sign-in lock, a rate limit) says when to try again (RFC 9110 §10.2.3).
    if (error instanceof RefinedDomainError && error.retryAfterSeconds !== undefined) response.setHeader('Retry-After', String(error.retryAfterSeconds));
    response.status(body.statusCode).json(body);
  }
}
