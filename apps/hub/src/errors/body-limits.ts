/**
 * How large a JSON body may be in shape (libs/domain/src/text/json-shape.ts): every door takes
 * DOOR_JSON_LIMITS unless its DTO says otherwise with `@BodyLimits({ maxNodes })` — a roster or a
 * positioning platform's batch legitimately holds thousands of values.
 */
import { DOOR_JSON_LIMITS, type JsonShapeLimits } from '@xiaonao/domain';

const limitsByDto = new WeakMap<object, JsonShapeLimits>();

export function BodyLimits(limits: Partial<JsonShapeLimits>): ClassDecorator {
  return (target) => {
    limitsByDto.set(target, { ...DOOR_JSON_LIMITS, ...limits });
  };
}

/** The limits of a DTO class (or of none: a route that takes a bare object). */
export function bodyLimitsOf(dto: unknown): JsonShapeLimits {
  return (typeof dto === 'function' ? limitsByDto.get(dto) : undefined) ?? DOOR_JSON_LIMITS;
}
