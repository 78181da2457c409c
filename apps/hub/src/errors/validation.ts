/** Turns class-validator failures into one DomainError naming the first wrong field, e.g. `location.lat`. */
import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { DomainError } from '@xiaonao/domain';

/** A property named "" still gets a visible name: its JSON spelling. */
const named = (property: string) => (property === '' ? '""' : property);

function firstFailure(errors: ValidationError[], prefix = ''): { field: string; rules: string[] } | null {
  for (const error of errors) {
    const field = prefix ? `${prefix}.${named(error.property)}` : named(error.property);
    if (error.constraints && Object.keys(error.constraints).length) return { field, rules: Object.values(error.constraints) };
    const nested = firstFailure(error.children ?? [], field);
    if (nested) return nested;
  }
  return null;
}

/** One DomainError for a list of class-validator failures; shared by the pipe and doors that validate by hand (JetStream). */
export function validationFailure(errors: ValidationError[]): DomainError {
  const failure = firstFailure(errors) ?? { field: 'body', rules: ['invalid'] };
  return new DomainError('INVALID_INPUT', `字段 ${failure.field} 无效：${failure.rules.join('；')}`, `Field ${failure.field} is invalid: ${failure.rules.join('; ')}`, failure.field);
}

/** Names every object already answers to (`__proto__`, `constructor`, `toString`…), and `prototype`. */
const isReserved = (key: string) => key in Object.prototype || key === 'prototype';

/**
 * The path of a reserved key anywhere in parsed JSON, or null. class-transformer and the whitelist
 * pass over such keys silently, so unlike any other unknown property they would be let through: they
 * are refused by name instead.
 */
export function prototypeKeyPath(value: unknown, prefix = ''): string | null {
  if (typeof value !== 'object' || value === null) return null;
  for (const key of Object.keys(value)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (isReserved(key)) return path;
    const nested = prototypeKeyPath((value as Record<string, unknown>)[key], path);
    if (nested) return nested;
  }
  return null;
}

export function prototypeKeyFailure(path: string): DomainError {
  return new DomainError('INVALID_INPUT', `字段 ${path} 无效：不允许的属性名`, `Field ${path} is invalid: property not allowed`, path);
}

/** The options of the global pipe, for doors that run class-validator themselves. */
export const VALIDATION_OPTIONS = { whitelist: true, forbidNonWhitelisted: true } as const;

class StrictValidationPipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const path = metadata.type === 'body' ? prototypeKeyPath(value) : null;
    if (path) throw prototypeKeyFailure(path);
    return super.transform(value, metadata) as Promise<unknown>;
  }
}

export function createValidationPipe(): ValidationPipe {
  return new StrictValidationPipe({ ...VALIDATION_OPTIONS, transform: true, exceptionFactory: validationFailure });
}
