/**
 * Generated junk for the 110 doors (fast-check): a valid case with one field made wrong in one of
 * many ways, whole bodies that are not a case, raw bytes, and broken signature headers. Each
 * arbitrary says which field the refusal must name.
 */
import fc from 'fast-check';
import { normaliseText } from '@xiaonao/domain';
import { API_KEY_HEADER, CATEGORIES, COORD_SYSTEMS, SIGNATURE_HEADER, SIGNATURE_TIMESTAMP_HEADER, type Intake110Request } from '@xiaonao/contracts';
import { PHONE_PATTERN } from '../../apps/hub/src/incidents/intake/intake-110.dto';

type Body = Record<string, unknown>;

/** One way to spoil a valid case, and the field (or its prefix) the answer must name. */
export interface Spoil {
  field: string;
  apply(body: Intake110Request): Body;
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
/** Printable ASCII: what any HTTP header or NATS header may carry. */
const printable = fc.string({ unit: fc.constantFrom(...Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i))), maxLength: 80 });
/** At least `min` long as the hub stores it (trimmed), so blanks at either end cannot bring it back under the limit. */
const longText = (min: number) => fc.string({ unit: 'grapheme-ascii', minLength: min, maxLength: min + 40 }).filter((s) => Math.min(normaliseText(s).length, normaliseText(s, true).length) >= min);
const badText = (max: number) => fc.oneof(notString, fc.constantFrom('', '   ', '\t\n', '王\u0000女士', 'a\u001bb'), longText(max + 1));

const outOfRange = (limit: number) => fc.oneof(fc.double({ min: limit + 0.001, max: 1e9, noNaN: true }), fc.double({ min: -1e9, max: -limit - 0.001, noNaN: true }));
const badLocation = fc.oneof(
  notString.filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)),
  fc.string({ maxLength: 10 }),
  fc.record({ lng: outOfRange(180), lat: fc.double({ min: -90, max: 90, noNaN: true }) }),
  fc.record({ lng: fc.double({ min: -180, max: 180, noNaN: true }), lat: outOfRange(90) }),
  // The swap: a Chinese latitude as lng, a Chinese longitude as lat.
  fc.record({ lng: fc.double({ min: 3, max: 54, noNaN: true }), lat: fc.double({ min: 91, max: 136, noNaN: true }) }),
  fc.record({ lng: jsonJunk.filter((v) => typeof v !== 'number'), lat: fc.constant(30.28) }),
  fc.record({ lng: fc.constant(120.5) }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }).filter((d) => !('lng' in d && 'lat' in d)),
);

const FIELD_JUNK: Record<keyof Intake110Request, fc.Arbitrary<unknown>> = {
  caseNo: fc.oneof(notString, fc.string({ maxLength: 50 }).filter((s) => !/^[A-Za-z0-9-]{6,40}$/.test(s))),
  receivedAt: fc.oneof(
    notString,
    fc.string({ maxLength: 30 }).filter((s) => !/^\d{4}-/.test(s)),
    fc.constantFrom('2026-13-01T00:00:00Z', '2026-02-30T10:00:00+08:00', '2026-11-21 09:30:00', '2026-11-21T09:30:00'),
    // Far ahead, or older than a week.
    fc.integer({ min: 3600, max: 10 ** 8 }).map((s) => new Date(Date.now() + s * 1000).toISOString()),
    fc.integer({ min: 8 * 86_400, max: 10 ** 9 }).map((s) => new Date(Date.now() - s * 1000).toISOString()),
  ),
  callerName: badText(50),
  callerPhone: fc.oneof(notString, fc.string({ maxLength: 20 }).filter((s) => !PHONE_PATTERN.test(s)), fc.constantFrom('110', '120', '119', '12345', '95588', '1390571234', '+1 555 0100')),
  address: badText(200),
  location: badLocation,
  coordSystem: fc.oneof(notString.filter((v) => v !== null), fc.string({ maxLength: 8 }).filter((s) => !(COORD_SYSTEMS as readonly string[]).includes(s))),
  category: fc.oneof(notString, fc.string({ maxLength: 20 }).filter((s) => !(CATEGORIES as readonly string[]).includes(s))),
  description: badText(2000),
  policeStationCode: fc.oneof(notString, fc.string({ maxLength: 50 })),
};

const REQUIRED = ['caseNo', 'receivedAt', 'callerName', 'callerPhone', 'address', 'location', 'category', 'description', 'policeStationCode'] as const;

/** A valid case with one field replaced, removed, or an unknown field added. */
export const spoiledCase: fc.Arbitrary<Spoil> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...(Object.keys(FIELD_JUNK) as (keyof Intake110Request)[])).chain((field) => FIELD_JUNK[field].map((value): Spoil => ({ field, apply: (b) => ({ ...b, [field]: value }) }))) },
  { weight: 1, arbitrary: fc.constantFrom(...REQUIRED).map((field): Spoil => ({ field, apply: (b) => Object.fromEntries(Object.entries(b).filter(([k]) => k !== field)) })) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.oneof(fc.string({ minLength: 1, maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString')), jsonJunk)
      .filter(([key]) => !(REQUIRED as readonly string[]).includes(key) && key !== 'coordSystem')
            // Spliced into the JSON text: an object literal would treat `__proto__` as the prototype, not a key.
      .map(([key, value]): Spoil => ({ field: key, apply: (b) => JSON.parse(`{${JSON.stringify(key)}:${JSON.stringify(value)},${JSON.stringify(b).slice(1)}`) as Body })),
  },
);

/** A body that is no case at all: any JSON value (the refusal names `body` or the first field missing). */
export const notACase = fc.jsonValue({ maxDepth: 3 });

/** Bytes that are mostly not JSON. */
export const rawJunk = fc.oneof(fc.uint8Array({ minLength: 1, maxLength: 200 }), printable.map((s) => new TextEncoder().encode(s)));

export const SIGNED_HEADERS = [API_KEY_HEADER, SIGNATURE_TIMESTAMP_HEADER, SIGNATURE_HEADER] as const;

/** For each signing header: leave it right, leave it out, or put junk in it — never all right. */
export const brokenHeaders = fc
  .record({ [API_KEY_HEADER]: fc.option(printable), [SIGNATURE_TIMESTAMP_HEADER]: fc.option(printable), [SIGNATURE_HEADER]: fc.option(printable) }, { requiredKeys: [] })
  .filter((h) => Object.keys(h).length > 0);
