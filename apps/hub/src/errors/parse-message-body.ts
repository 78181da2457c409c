/**
 * A message door's equivalent of the body parser plus the global validation pipe: the same DTO, the
 * same options, the same shape limits and the same errors, so a JetStream door refuses a message
 * exactly as its HTTP door refuses the request, and a socket event as a request would be, with the
 * same field named.
 */
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validate } from 'class-validator';
import { DomainError } from '@xiaonao/domain';
import { bodyLimitsOf } from './body-limits';
import { RefinedDomainError } from './refined-error';
import { checkParsedBody, VALIDATION_OPTIONS, validationFailure } from './validation';

export async function parseMessageBody<T extends object>(rawBody: Buffer, dtoClass: ClassConstructor<T>): Promise<T> {
  let json: unknown;
  try {
    // V8's parser is not recursive: even a million nested brackets parse (checkParsedBody refuses them).
    json = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new RefinedDomainError('INVALID_INPUT', 'INVALID_JSON', '请求体不是有效的 JSON', 'Request body is not valid JSON', 'body');
  }
  return validateMessage(json, dtoClass);
}

/** An already parsed payload (a socket event's) judged as a body: a JSON object, its shape, then the DTO. */
export async function validateMessage<T extends object>(json: unknown, dtoClass: ClassConstructor<T>): Promise<T> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new DomainError('INVALID_INPUT', 'body：请求体须为 JSON 对象', 'body: must be a JSON object', 'body');
  }
  checkParsedBody(json, bodyLimitsOf(dtoClass));
  const dto = plainToInstance(dtoClass, json);
  const errors = await validate(dto, VALIDATION_OPTIONS);
  if (errors.length) throw validationFailure(errors);
  return dto;
}
