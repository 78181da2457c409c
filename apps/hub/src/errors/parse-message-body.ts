/**
 * A message door's equivalent of the body parser plus the global validation pipe: the same DTO, the
 * same options and the same errors, so a JetStream door refuses a message exactly as its HTTP door
 * refuses the request, with the same field named.
 */
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validate } from 'class-validator';
import { DomainError } from '@xiaonao/domain';
import { RefinedDomainError } from './refined-error';
import { prototypeKeyFailure, prototypeKeyPath, VALIDATION_OPTIONS, validationFailure } from './validation';

export async function parseMessageBody<T extends object>(rawBody: Buffer, dtoClass: ClassConstructor<T>): Promise<T> {
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
  const dto = plainToInstance(dtoClass, json);
  const errors = await validate(dto, VALIDATION_OPTIONS);
  if (errors.length) throw validationFailure(errors);
  return dto;
}
