/**
 * A patrol report may come as multipart/form-data, the way a phone sends a camera photo: the request
 * as JSON text in `report`, the photo file in `photo`. multer (through Nest's FileInterceptor) reads
 * it into memory with a size limit; the JSON is then put where the validation pipe expects a body, so
 * both forms are validated alike. multer's own errors are turned into answers naming the field.
 */
import { applyDecorators, HttpException, Injectable, UseInterceptors, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes } from '@nestjs/swagger';
import { REPORT_PHOTO_MAX_BYTES } from '@xiaonao/contracts';
import { DomainError } from '@xiaonao/domain';
import type { Request } from 'express';
import { catchError, throwError, type Observable } from 'rxjs';
import { photoTooLarge } from './report-photo';

/** The JSON text of the report; generous for a description of 2,000 characters. */
const REPORT_FIELD_BYTES = 64 * 1024;

/** multer's error, when it is one: its code (LIMIT_FIELD_VALUE…) and the form field it names. */
function multerFailure(error: HttpException): { code: string; field: string } | null {
  const cause: unknown = error.cause;
  if (typeof cause !== 'object' || cause === null || !('code' in cause) || typeof cause.code !== 'string') return null;
  return { code: cause.code, field: 'field' in cause && typeof cause.field === 'string' && cause.field ? cause.field : 'body' };
}

/** multer answers in plain HTTP exceptions; the hub answers naming the field. */
function uploadError(error: unknown): unknown {
  if (!(error instanceof HttpException) || error instanceof DomainError) return error;
  const status: number = error.getStatus();
  if (status === 413) return photoTooLarge();
  const failure = multerFailure(error);
  const field = failure?.field;
  if (status === 400 && field && failure.code === 'LIMIT_FIELD_VALUE') {
    return new DomainError('INVALID_INPUT', `字段 ${field} 无效：超过 ${REPORT_FIELD_BYTES / 1024} KB`, `Field ${field} is invalid: longer than ${REPORT_FIELD_BYTES / 1024} KB`, field);
  }
  if (status === 400 && field) {
    return new DomainError('INVALID_INPUT', `字段 ${field} 无效：表单只能包含 report（JSON 文本）与 photo（一张图片）`, `Field ${field} is invalid: the form holds report (JSON text) and photo (one image) only`, field);
  }
  return error;
}

@Injectable()
class UploadErrors implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(catchError((error: unknown) => throwError(() => uploadError(error))));
  }
}

/** The multipart form's `report` text becomes the body; a JSON request is left as it is. */
@Injectable()
class ReportField implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request>();
    if (req.is('multipart/form-data')) req.body = parseReportField(req.body as unknown);
    return next.handle();
  }
}

export function parseReportField(form: unknown): Record<string, unknown> {
  const text = typeof form === 'object' && form !== null && 'report' in form ? form.report : undefined;
  if (text === undefined) return {};
  let parsed: unknown;
  try {
    parsed = typeof text === 'string' ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new DomainError('INVALID_INPUT', 'report：应为上报内容的 JSON 文本', 'report: must be the report as JSON text', 'report');
  }
  return parsed as Record<string, unknown>;
}

/** JSON, or multipart with `report` and `photo`; the order matters: errors → multer → report text. */
export const PatrolReportBody = () =>
  applyDecorators(
    UseInterceptors(UploadErrors, FileInterceptor('photo', { limits: { fileSize: REPORT_PHOTO_MAX_BYTES, files: 1, fields: 1, parts: 2, fieldSize: REPORT_FIELD_BYTES } }), ReportField),
    ApiConsumes('application/json', 'multipart/form-data'),
    ApiBody({
      description: 'JSON（PatrolReportRequest），或 multipart：report = 同样的 JSON 文本，photo = 图片文件（≤ 2 MB）/ JSON, or multipart with report (the same JSON as text) and photo (≤ 2 MB)',
      schema: { type: 'object', properties: { report: { type: 'string' }, photo: { type: 'string', format: 'binary' } } },
    }),
  );
