/**
 * The quick look at a phone's `position.report`: thousands arrive a second, nearly all of one plain
 * shape ({ lng, lat, coordSystem?, at?, accuracyM? }, numbers in range, a toISOString() time). Such a
 * payload is taken without class-transformer and class-validator, which cost more than the rest of
 * the ingest together. It accepts only what the full validation (validateMessage with PositionFixDto,
 * then checkFix) accepts and returns what checkFix returns; anything else — a null, an unknown key, a
 * time in another ISO spelling, a value out of range — gets null, and the full validation answers it,
 * so a refusal keeps its exact words. plain-position-fix.spec.ts holds the two side by side.
 */
import type { CoordSystem } from '@xiaonao/contracts';
import { toWgs84 } from '@xiaonao/domain';
import type { CheckedFix } from './checked-fix';

/**
 * The ISO-8601 spellings of toISOString() and of a time with a UTC offset: a subset of what
 * class-validator's @IsISO8601() takes. Up to nine decimals, which Date reads.
 */
const PLAIN_ISO_TIME = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{1,9})?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

const isCoordSystem = (value: unknown): value is CoordSystem => value === 'WGS84' || value === 'GCJ02' || value === 'BD09';

/** `payload` as socket.io decoded it (JSON): the fix checkFix would make of it, or null to leave it to the full validation. */
export function plainPositionFix(payload: unknown, now: () => Date): CheckedFix | null {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return null;
  const fix = payload as Record<string, unknown>;
  let keys = 0;
  // for…in rather than Object.keys: no array per report. An inherited key is not plain either.
  for (const key in fix) {
    if (!Object.hasOwn(fix, key)) return null;
    keys++;
  }
  const { lng, lat, coordSystem, at, accuracyM } = fix;
  if (typeof lng !== 'number' || typeof lat !== 'number') return null;
  // Finite and in range, as isValidLngLat (NaN fails every comparison).
  if (!(Math.abs(lng) <= 180 && Math.abs(lat) <= 90)) return null;
  let expected = 2;
  let system: CoordSystem = 'WGS84';
  if (coordSystem !== undefined) {
    if (!isCoordSystem(coordSystem)) return null;
    system = coordSystem;
    expected++;
  }
  let time: Date;
  if (at === undefined) time = now();
  else {
    if (typeof at !== 'string' || !PLAIN_ISO_TIME.test(at)) return null;
    time = new Date(at);
    if (Number.isNaN(time.getTime())) return null;
    expected++;
  }
  if (accuracyM !== undefined) {
    if (typeof accuracyM !== 'number' || !Number.isFinite(accuracyM)) return null;
    expected++;
  }
  // Any other key (forbidden by the DTO's whitelist) leaves it to the full validation.
  if (keys !== expected) return null;
  const wgs = system === 'WGS84' ? { lng, lat } : toWgs84({ lng, lat }, system);
  return { lng: wgs.lng, lat: wgs.lat, at: time, accuracyM: accuracyM === undefined ? null : accuracyM };
}
