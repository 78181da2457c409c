/**
 * Generated junk for the camera doors (fast-check): a valid alert with one field made wrong in one of
 * many ways, bodies that are no alert, and spoiled operator requests (registry, raise, policy). Each
 * spoil says which field the refusal must name.
 */
import fc from 'fast-check';
import { CAMERA_ALERT_TYPES, COORD_SYSTEMS, DISPATCH_MODES, type CameraAlertRequest, type CameraRequest, type CameraTypePolicyRequest } from '@xiaonao/contracts';
import { normaliseText } from '@xiaonao/domain';
import { ALERT_ID_PATTERN, CAMERA_CODE_PATTERN, MEDIA_REF_PATTERN } from '../../apps/hub/src/cameras/camera.dto';

type Body = Record<string, unknown>;

export interface Spoil<T> {
  field: string;
  apply(body: T): Body;
}

const jsonJunk = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
);
const notString = jsonJunk.filter((v) => typeof v !== 'string');
/** Optional fields take null as absent (class-validator's IsOptional): junk for them is anything else. */
const notStringNorNull = notString.filter((v) => v !== null);
const notNumber = jsonJunk.filter((v) => typeof v !== 'number');
/** Longer than `max` as the hub stores it: trimmed first, so a long run of blanks at either end is not junk. */
const tooLong = (max: number) => fc.string({ unit: 'grapheme-ascii', minLength: max + 1, maxLength: max + 20 }).filter((s) => Math.min(normaliseText(s).length, normaliseText(s, true).length) > max);
const notIn = (allowed: readonly string[]) => fc.oneof(notString, fc.string({ maxLength: 20 }).filter((s) => !allowed.includes(s)));
const outside = (min: number, max: number) => fc.oneof(fc.double({ min: max + 1e-6, max: 1e9, noNaN: true }), fc.double({ min: -1e9, max: min - 1e-6, noNaN: true }));
const badRef = fc.oneof(notStringNorNull, fc.string({ maxLength: 40 }).filter((s) => !MEDIA_REF_PATTERN.test(s)), fc.string({ unit: 'grapheme-ascii', minLength: 501, maxLength: 520 }).filter((s) => !/\s/.test(s)));
const hoursFromNow = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();

/**
 * Camera codes that pass the pattern but name no camera of the test township (newCameraSeed), and
 * the disabled one: both must be refused naming cameraCode.
 */
const unknownCamera = fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/).filter((c) => !/^CAM-(0[1-9]|1[0-2]|OFF)$/.test(c));

const ALERT_JUNK: Record<keyof CameraAlertRequest, fc.Arbitrary<unknown>> = {
  alertId: fc.oneof(notString, fc.string({ maxLength: 80 }).filter((s) => !ALERT_ID_PATTERN.test(s))),
  cameraCode: fc.oneof(notString, fc.string({ maxLength: 50 }).filter((s) => !CAMERA_CODE_PATTERN.test(s)), unknownCamera, fc.constant('CAM-OFF')),
  type: notIn(CAMERA_ALERT_TYPES),
  confidence: fc.oneof(notNumber, outside(0, 1)),
  at: fc.oneof(
    notString,
    fc.string({ maxLength: 30 }).filter((s) => !/^\d{4}-/.test(s)),
    fc.constantFrom('2026-13-01T00:00:00Z', '2026-02-30T10:00:00+08:00', '20261121T0930', 'T09:30'),
    fc.integer({ min: 1, max: 10 ** 5 }).map(hoursFromNow),
    fc.integer({ min: 25, max: 10 ** 5 }).map((h) => hoursFromNow(-h)),
  ),
  snapshotRef: badRef,
  clipRef: badRef,
};

const REQUIRED_ALERT = ['alertId', 'cameraCode', 'type', 'confidence', 'at'] as const;

/** Spliced into the JSON text: an object literal would take `__proto__` as the prototype, not a key. */
const withKey = (key: string, value: unknown) => (b: object) => JSON.parse(`{${JSON.stringify(key)}:${JSON.stringify(value)},${JSON.stringify(b).slice(1)}`) as Body;

function spoiler<T extends object>(junk: Record<string, fc.Arbitrary<unknown>>, required: readonly string[], known: readonly string[]): fc.Arbitrary<Spoil<T>> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...Object.keys(junk)).chain((field) => junk[field].map((value): Spoil<T> => ({ field, apply: (b) => ({ ...b, [field]: value }) }))) },
    { weight: 1, arbitrary: fc.constantFrom(...required).map((field): Spoil<T> => ({ field, apply: (b) => Object.fromEntries(Object.entries(b).filter(([k]) => k !== field)) })) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.oneof(fc.string({ minLength: 1, maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString')), jsonJunk)
        .filter(([key]) => !known.includes(key))
        .map(([key, value]): Spoil<T> => ({ field: key, apply: withKey(key, value) })),
    },
  );
}

/** A valid alert with one field replaced, removed, or an unknown field added. */
export const spoiledAlert = spoiler<CameraAlertRequest>(ALERT_JUNK, REQUIRED_ALERT, Object.keys(ALERT_JUNK));

const badPoint = fc.oneof(
  notString.filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)),
  fc.record({ lng: outside(-180, 180), lat: fc.double({ min: -90, max: 90, noNaN: true }) }),
  fc.record({ lng: fc.double({ min: -180, max: 180, noNaN: true }), lat: outside(-90, 90) }),
  fc.record({ lng: notNumber, lat: fc.constant(30.28) }),
  fc.record({ lng: fc.constant(120.5) }),
  // Valid numbers, far outside the township (or swapped).
  fc.record({ lng: fc.double({ min: 3, max: 54, noNaN: true }), lat: fc.double({ min: -89, max: 89, noNaN: true }) }),
);

const CAMERA_JUNK: Record<keyof CameraRequest, fc.Arbitrary<unknown>> = {
  name: fc.oneof(notString, fc.constant(''), tooLong(100)),
  location: badPoint,
  coordSystem: notIn(COORD_SYSTEMS).filter((v) => v !== null),
  owner: fc.oneof(notString, tooLong(100)),
  enabled: jsonJunk.filter((v) => typeof v !== 'boolean'),
};

/** A valid camera registration with one field spoiled. */
export const spoiledCamera = spoiler<CameraRequest>(CAMERA_JUNK, ['name', 'location', 'owner', 'enabled'], Object.keys(CAMERA_JUNK));

const POLICY_JUNK: Record<keyof CameraTypePolicyRequest, fc.Arbitrary<unknown>> = {
  threshold: fc.oneof(notNumber, outside(0, 1)),
  mode: notIn(DISPATCH_MODES),
  stormWindowSeconds: fc.oneof(notNumber, fc.integer({ min: -1000, max: 59 }), fc.integer({ min: 86_401, max: 10 ** 9 }), fc.double({ min: 60.01, max: 86_399.99, noNaN: true }).filter((v) => !Number.isInteger(v))),
};

export const spoiledPolicy = spoiler<CameraTypePolicyRequest>(POLICY_JUNK, ['threshold', 'mode', 'stormWindowSeconds'], Object.keys(POLICY_JUNK));

/** An operator's raise with a spoiled type or description, or an unknown field. */
export const spoiledRaise = spoiler<{ type: string; description?: string }>(
  { type: notIn(CAMERA_ALERT_TYPES), description: fc.oneof(notStringNorNull, tooLong(500)) },
  ['type'],
  ['type', 'description'],
);

/** A body that is no alert at all: any JSON value. */
export const notAnAlert = fc.jsonValue({ maxDepth: 3 });

/** Bytes that are mostly not JSON. */
const printable = fc.string({ unit: fc.constantFrom(...Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i))), maxLength: 80 });
export const rawJunk = fc.oneof(fc.uint8Array({ minLength: 1, maxLength: 200 }), printable.map((s) => new TextEncoder().encode(s)));
