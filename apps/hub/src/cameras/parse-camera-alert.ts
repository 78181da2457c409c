/**
 * The JetStream door's equivalent of the body parser plus the global validation pipe: the same DTO and
 * options, so both doors refuse the same message with the same field named.
 */
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DomainError } from '@xiaonao/domain';
import { RefinedDomainError } from '../errors/refined-error';
import { prototypeKeyFailure, prototypeKeyPath, VALIDATION_OPTIONS, validationFailure } from '../errors/validation';
import { CameraAlertDto } from './camera.dto';

export async function parseCameraAlert(rawBody: Buffer): Promise<CameraAlertDto> {
  let json: unknown;
  try {
    json = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new RefinedDomainError('INVALID_INPUT', 'INVALID_JSON', '请求体不是有效的 JSON', 'Request body is not valid JSON', 'body');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new DomainError('INVALID_INPUT', 'body：请求体须为 JSON 对象', 'body: must be a JSON object', 'body');
  }
  // As the HTTP pipe does: class-transformer would pass over `__proto__` and friends silently.
  const reserved = prototypeKeyPath(json);
  if (reserved) throw prototypeKeyFailure(reserved);
  const dto = plainToInstance(CameraAlertDto, json);
  const errors = await validate(dto, VALIDATION_OPTIONS);
  if (errors.length) throw validationFailure(errors);
  return dto;
}

/** The platform's alertId of a refused message, when it can be read at all (for the receipt). */
export function readableAlertId(raw: Buffer): string | null {
  try {
    const body: unknown = JSON.parse(raw.toString('utf8'));
    const id = typeof body === 'object' && body !== null ? (body as { alertId?: unknown }).alertId : undefined;
    return typeof id === 'string' && id.length > 0 ? id.slice(0, 64) : null;
  } catch {
    return null;
  }
}
