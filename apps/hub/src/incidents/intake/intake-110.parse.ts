/**
 * The JetStream door's equivalent of the body parser plus the global validation pipe: the same DTO,
 * the same options, the same errors, so both doors refuse the same input with the same field named.
 */
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DomainError } from '@xiaonao/domain';
import { RefinedDomainError } from '../../errors/refined-error';
import { prototypeKeyFailure, prototypeKeyPath, VALIDATION_OPTIONS, validationFailure } from '../../errors/validation';
import { Intake110Dto } from './intake-110.dto';

export async function parseIntake110(rawBody: Buffer): Promise<Intake110Dto> {
  let json: unknown;
  try {
    json = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new RefinedDomainError('INVALID_INPUT', 'INVALID_JSON', '请求体不是有效的 JSON', 'Request body is not valid JSON', 'body');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new DomainError('INVALID_INPUT', 'body：请求体须为 JSON 对象', 'body: must be a JSON object', 'body');
  }
  const protoPath = prototypeKeyPath(json);
  if (protoPath) throw prototypeKeyFailure(protoPath);
  const dto = plainToInstance(Intake110Dto, json);
  const errors = await validate(dto, VALIDATION_OPTIONS);
  if (errors.length) throw validationFailure(errors);
  return dto;
}

/** The case number of a refused request, when it can be read at all (for the refusal log and receipt). */
export function readableCaseNo(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const caseNo = (body as { caseNo?: unknown }).caseNo;
  return typeof caseNo === 'string' && caseNo.length > 0 ? caseNo.slice(0, 64) : null;
}
