/** Turns class-validator failures into one DomainError naming the first wrong field, e.g. `location.lat`. */
import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { DomainError } from '@xiaonao/domain';

function firstFailure(errors: ValidationError[], prefix = ''): { field: string; rules: string[] } | null {
  for (const error of errors) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    if (error.constraints && Object.keys(error.constraints).length) return { field, rules: Object.values(error.constraints) };
    const nested = firstFailure(error.children ?? [], field);
    if (nested) return nested;
  }
  return null;
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const failure = firstFailure(errors) ?? { field: 'body', rules: ['invalid'] };
      return new DomainError('INVALID_INPUT', `字段 ${failure.field} 无效：${failure.rules.join('；')}`, `Field ${failure.field} is invalid: ${failure.rules.join('; ')}`, failure.field);
    },
  });
}
