import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COORD_SYSTEMS } from '@xiaonao/contracts';
import { validateMessage } from '../errors/parse-message-body';
import { plainPositionFix } from './plain-position-fix';
import { checkFix, type CheckedFix } from './position.service';
import { PositionFixDto } from './workers.controller';

const NOW = new Date('2026-12-03T08:00:00.000Z');
const now = () => new Date(NOW);

/** What the socket door made of a payload before the quick look: the DTO's validation, then the fix's rules. */
async function fullWay(payload: unknown): Promise<CheckedFix> {
  return checkFix(await validateMessage(payload, PositionFixDto), 'position', now);
}

/** As the payload arrives: socket.io decodes JSON. */
const overTheWire = (payload: unknown): unknown => JSON.parse(JSON.stringify(payload)) as unknown;

const time = fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true });

/** Fixes as phones send them: every optional field present or not. */
const phoneFix = fc.record(
  {
    lng: fc.double({ min: -180, max: 180, noNaN: true }),
    lat: fc.double({ min: -90, max: 90, noNaN: true }),
    coordSystem: fc.constantFrom(...COORD_SYSTEMS),
    at: time.map((d) => d.toISOString()),
    accuracyM: fc.double({ noNaN: true, noDefaultInfinity: true }),
  },
  { requiredKeys: ['lng', 'lat'] },
);

/** Anything near the shape: wrong types, nulls, out of range, other ISO spellings, extra keys. */
const nearFix = fc.dictionary(
  fc.constantFrom('lng', 'lat', 'coordSystem', 'at', 'accuracyM', 'workerId', 'extra'),
  fc.oneof(
    fc.double(),
    fc.integer({ min: -400, max: 400 }),
    fc.constant(null),
    fc.boolean(),
    fc.constantFrom(...COORD_SYSTEMS, 'wgs84', 'GCJ-02', ''),
    time.map((d) => d.toISOString()),
    time.map((d) => d.toISOString().replace('Z', '+08:00')),
    time.map((d) => d.toISOString().replace('T', ' ')),
    time.map((d) => d.toISOString().slice(0, 10)),
    time.map((d) => d.toISOString().toLowerCase()),
    fc.string(),
  ),
);

describe('plainPositionFix', () => {
  it('takes every fix a phone sends and makes of it what the full validation makes', async () => {
    await fc.assert(
      fc.asyncProperty(phoneFix, async (sent) => {
        const payload = overTheWire(sent);
        const quick = plainPositionFix(payload, now);
        expect(quick).not.toBeNull();
        expect(quick).toEqual(await fullWay(payload));
      }),
      { numRuns: 500 },
    );
  });

  it('accepts nothing the full validation refuses, and agrees on what it accepts', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(nearFix, phoneFix), async (sent) => {
        const payload = overTheWire(sent);
        const quick = plainPositionFix(payload, now);
        if (quick === null) return;
        expect(quick).toEqual(await fullWay(payload));
      }),
      { numRuns: 2_000 },
    );
  });

  it('reads a time with a UTC offset, and an absent time as now', () => {
    expect(plainPositionFix({ lng: 120.5, lat: 30.28, at: '2026-12-03T16:00:00+08:00' }, now)?.at).toEqual(NOW);
    expect(plainPositionFix({ lng: 120.5, lat: 30.28 }, now)).toEqual({ lng: 120.5, lat: 30.28, at: NOW, accuracyM: null });
  });

  it('converts a GCJ-02 fix to WGS-84 as the full validation does', async () => {
    const payload = { lng: 120.5117, lat: 30.2829, coordSystem: 'GCJ02' };
    const quick = plainPositionFix(payload, now);
    expect(quick?.lng).not.toBe(payload.lng);
    expect(quick).toEqual(await fullWay(payload));
  });

  it('leaves to the full validation whatever is not plainly valid, so its refusal keeps its words', async () => {
    const leftOver: unknown[] = [
      null,
      [1, 2],
      'x',
      { lng: 120.5, lat: 30.28, coordSystem: null },
      { lng: 120.5, lat: 30.28, at: null },
      { lng: 120.5, lat: 30.28, accuracyM: null },
      { lng: 120.5, lat: 30.28, workerId: 'w' },
      { lng: 200, lat: 30.28 },
      { lng: '120.5', lat: 30.28 },
      { lng: 120.5, lat: 30.28, coordSystem: 'wgs84' },
      { lng: 120.5, lat: 30.28, at: '2026-12-03 08:00:00Z' },
      { lng: 120.5, lat: 30.28, at: '2026-12-03T08:00:00z' },
      { lng: 120.5, lat: 30.28, at: 'yesterday' },
      Object.assign(Object.create({ lng: 120.5 }) as object, { lat: 30.28 }),
    ];
    for (const payload of leftOver) expect(plainPositionFix(payload, now), JSON.stringify(payload)).toBeNull();
    await expect(fullWay({ lng: 200, lat: 30.28 })).rejects.toThrow('position.lng：经纬度无效（经度 -180~180，纬度 -90~90）');
    await expect(fullWay({ lng: 120.5, lat: 30.28, workerId: 'w' })).rejects.toMatchObject({ field: 'workerId' });
  });
});
