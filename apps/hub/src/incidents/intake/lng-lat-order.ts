/**
 * The commonest coordinate mistake at the 110 door: latitude and longitude sent the other way round.
 * In China a longitude (73–136) is never a valid latitude, so a latitude beyond ±90 with a longitude
 * that would be a fine latitude is named as a swap (`location`) rather than a bare range error.
 */
import { registerDecorator, type ValidationArguments } from 'class-validator';

function looksSwapped(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const { lng, lat } = value as { lng?: unknown; lat?: unknown };
  return typeof lng === 'number' && typeof lat === 'number' && Math.abs(lat) > 90 && Math.abs(lat) <= 180 && Math.abs(lng) <= 90;
}

export function NotSwapped(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'notSwapped',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) => !looksSwapped(value),
        defaultMessage: (args?: ValidationArguments) => {
          const { lng, lat } = (args?.value ?? {}) as { lng?: number; lat?: number };
          return `经纬度疑似颠倒（lng=${lng}, lat=${lat}）：lng 为经度（中国约 73–136），lat 为纬度（约 3–54） / lng and lat look swapped`;
        },
      },
    });
  };
}
