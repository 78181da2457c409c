/**
 * The HTTP doors' validation: the body's shape first (depth, size, storable text; without recursion),
 * then reserved property names, then class-validator. Every failure becomes one DomainError naming
 * the first wrong field, e.g. `location.lat`.
 */
import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { DomainError, DOOR_JSON_LIMITS, judgeJsonShape, type JsonShapeLimits } from '@xiaonao/domain';
import { bodyLimitsOf } from './body-limits';

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

/** A constraint message written `中文 / English` (as the DTOs and CleanText write them) in one language; others as they are. */
function inLanguage(rule: string, language: 'zh' | 'en'): string {
  const at = rule.indexOf(' / ');
  if (at < 0) return rule;
  return language === 'zh' ? rule.slice(0, at) : rule.slice(at + 3);
}

/** One DomainError for a list of class-validator failures; shared by the pipe and doors that validate by hand (JetStream, sockets). */
export function validationFailure(errors: ValidationError[]): DomainError {
  const failure = firstFailure(errors) ?? { field: 'body', rules: ['invalid'] };
  const zh = failure.rules.map((r) => inLanguage(r, 'zh')).join('；');
  const en = failure.rules.map((r) => inLanguage(r, 'en')).join('; ');
  return new DomainError('INVALID_INPUT', `字段 ${failure.field} 无效：${zh}`, `Field ${failure.field} is invalid: ${en}`, failure.field);
}

/** Names every object already answers to (`__proto__`, `constructor`, `toString`…), and `prototype`. */
const isReserved = (key: string) => key in Object.prototype || key === 'prototype';

/**
 * The path of a reserved key anywhere in parsed JSON, or null. class-transformer and the whitelist
 * pass over such keys silently, so unlike any other unknown property they would be let through: they
 * are refused by name instead. Walked with a stack (a deep body must not overflow it), in document order.
 */
export function prototypeKeyPath(value: unknown): string | null {
  const stack: { value: unknown; path: string }[] = [{ value, path: '' }];
  while (stack.length > 0) {
    const { value: v, path: prefix } = stack.pop() as { value: unknown; path: string };
    if (typeof v !== 'object' || v === null) continue;
    const keys = Object.keys(v);
    for (const key of keys) if (isReserved(key)) return prefix ? `${prefix}.${key}` : key;
    for (let i = keys.length - 1; i >= 0; i--) stack.push({ value: (v as Record<string, unknown>)[keys[i]], path: prefix ? `${prefix}.${keys[i]}` : keys[i] });
  }
  return null;
}

export function prototypeKeyFailure(path: string): DomainError {
  return new DomainError('INVALID_INPUT', `字段 ${path} 无效：不允许的属性名`, `Field ${path} is invalid: property not allowed`, path);
}

/** The refusal for parsed input past the shape limits or holding unstorable text, or null. `root` names the input itself. */
export function shapeFailure(value: unknown, limits: JsonShapeLimits = DOOR_JSON_LIMITS, root = ''): DomainError | null {
  const failure = judgeJsonShape(value, limits, root);
  if (!failure) return null;
  return new DomainError('INVALID_INPUT', `字段 ${failure.field} 无效：${failure.reason.zh}`, `Field ${failure.field} is invalid: ${failure.reason.en}`, failure.field);
}

/** Shape and reserved names of a parsed body, checked before class-transformer reads it (it recurses). */
export function checkParsedBody(value: unknown, limits: JsonShapeLimits): void {
  const shape = shapeFailure(value, limits);
  if (shape) throw shape;
  const reserved = prototypeKeyPath(value);
  if (reserved) throw prototypeKeyFailure(reserved);
}

/** The options of the global pipe, for doors that run class-validator themselves. */
export const VALIDATION_OPTIONS = { whitelist: true, forbidNonWhitelisted: true } as const;

/** A DTO class, as every HTTP body is declared; not `Object`, which an interface or `unknown` reflects as. */
const isDtoClass = (metatype: unknown) => typeof metatype === 'function' && ![Object, Array, String, Number, Boolean].includes(metatype as ObjectConstructor);

class StrictValidationPipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // A socket event's payload reaches this pipe as a 'body' too, typed `unknown`: its handler validates it
    // (validateMessage) to answer `{ ok: false }`. Thrown here it would become an `exception` event that
    // echoes the payload, which socket.io's encoder walks recursively — a deep one closes the socket.
    if (metadata.type === 'body' && isDtoClass(metadata.metatype)) checkParsedBody(value, bodyLimitsOf(metadata.metatype));
    // A query string or path segment can carry NUL or a lone surrogate (%00, %ED%A0%80) too.
    if (metadata.type === 'query' || metadata.type === 'param') {
      const shape = shapeFailure(value, DOOR_JSON_LIMITS, metadata.data ?? '');
      if (shape) throw shape;
    }
    return super.transform(value, metadata) as Promise<unknown>;
  }
}

export function createValidationPipe(): ValidationPipe {
  return new StrictValidationPipe({ ...VALIDATION_OPTIONS, transform: true, exceptionFactory: validationFailure });
}
