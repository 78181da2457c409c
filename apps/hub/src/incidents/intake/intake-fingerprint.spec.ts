import { describe, expect, it } from 'vitest';
import { canonicalFacts, differingFields, intakeHash, type IntakeFacts } from './intake-fingerprint';

function newFacts(overrides: Partial<IntakeFacts> = {}): IntakeFacts {
  return {
    caseNo: '330114202611210001',
    receivedAt: new Date('2026-11-21T09:30:00+08:00'),
    callerName: '王女士',
    callerPhone: '13905712345',
    address: '河庄街道新围村12组35号',
    site: { lng: 120.5255, lat: 30.2895 },
    category: 'dispute',
    description: '水果摊主与顾客发生争执',
    policeStationCode: 'hezhuang-pcs',
    ...overrides,
  };
}

describe('the fingerprint of a 110 transfer', () => {
  it('is the same for the same instant written in another time zone', () => {
    const beijing = canonicalFacts(newFacts());
    const utc = canonicalFacts(newFacts({ receivedAt: new Date('2026-11-21T01:30:00Z') }));
    expect(intakeHash(utc)).toBe(intakeHash(beijing));
    expect(differingFields(beijing, utc)).toEqual([]);
  });

  it('counts a site within about a metre as the same (GCJ-02 converts back only approximately)', () => {
    const first = canonicalFacts(newFacts());
    expect(differingFields(first, canonicalFacts(newFacts({ site: { lng: 120.525505, lat: 30.289504 } })))).toEqual([]);
    expect(differingFields(first, canonicalFacts(newFacts({ site: { lng: 120.52553, lat: 30.2895 } })))).toEqual(['location']);
  });

  it('names every field that differs, in request order, and changes the hash', () => {
    const first = canonicalFacts(newFacts());
    const other = canonicalFacts(newFacts({ description: '另一件事', callerPhone: '13900000000', site: { lng: 120.53, lat: 30.2895 } }));
    expect(differingFields(first, other)).toEqual(['callerPhone', 'location', 'description']);
    expect(intakeHash(other)).not.toBe(intakeHash(first));
  });
});
