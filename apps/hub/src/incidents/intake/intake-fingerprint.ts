/**
 * What makes two 110 transfers "the same case": the fields the hub keeps, in the form it keeps them
 * (receipt as an instant, the site in WGS-84 to about a centimetre). A resend written with another
 * time-zone notation or coordinate system is the same case; anything else differing is a conflict, and
 * the canonical form says which fields differ.
 */
import { createHash } from 'node:crypto';
import type { LngLat } from '@xiaonao/contracts';

export interface IntakeFacts {
  caseNo: string;
  receivedAt: Date;
  callerName: string;
  callerPhone: string;
  address: string;
  /** WGS-84. */
  site: LngLat;
  category: string;
  description: string;
  policeStationCode: string;
}

/** The request's field names, so a conflict names what the sender can change. */
const FIELDS = ['caseNo', 'receivedAt', 'callerName', 'callerPhone', 'address', 'location', 'category', 'description', 'policeStationCode'] as const;
export type IntakeField = (typeof FIELDS)[number];

/** JSON-safe, stored beside the hash (intake_fingerprint.facts). */
export type CanonicalFacts = Record<IntakeField, string | number[]>;

const round7 = (x: number) => Math.round(x * 1e7) / 1e7;

export function canonicalFacts(f: IntakeFacts): CanonicalFacts {
  return {
    caseNo: f.caseNo,
    receivedAt: f.receivedAt.toISOString(),
    callerName: f.callerName,
    callerPhone: f.callerPhone,
    address: f.address,
    location: [round7(f.site.lng), round7(f.site.lat)],
    category: f.category,
    description: f.description,
    policeStationCode: f.policeStationCode,
  };
}

/** A door's ledger entry: the canonical request behind a number, and its hash. */
export interface Fingerprint {
  hash: string;
  facts: CanonicalFacts;
}

/** What a number was first taken with, and by which source's door (a resend through the 110 door of a camera's number is a conflict). */
export interface KeptFingerprint {
  fingerprint: Fingerprint;
  source: string;
}

export function fingerprintOf(f: IntakeFacts): Fingerprint {
  const facts = canonicalFacts(f);
  return { hash: intakeHash(facts), facts };
}

/** SHA-256 hex of the canonical facts, fields in a fixed order. */
export function intakeHash(c: CanonicalFacts): string {
  return createHash('sha256')
    .update(JSON.stringify(FIELDS.map((k) => [k, c[k]])))
    .digest('hex');
}

/**
 * Converting GCJ-02 or BD-09 back to WGS-84 is an approximation (gcoord iterates to about 1e-6°), so
 * the same point declared in two systems may differ in the last digits: a metre or so is the same site.
 */
const SAME_SITE_DEGREES = 1e-5;

function same(k: IntakeField, a: string | number[], b: string | number[]): boolean {
  if (k === 'location' && Array.isArray(a) && Array.isArray(b)) return a.every((x, i) => Math.abs(x - (b[i] ?? Number.NaN)) <= SAME_SITE_DEGREES);
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Fields whose canonical values differ, in request order. */
export function differingFields(a: CanonicalFacts, b: CanonicalFacts): IntakeField[] {
  return FIELDS.filter((k) => !same(k, a[k], b[k]));
}
