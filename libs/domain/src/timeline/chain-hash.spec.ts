import { describe, expect, it } from 'vitest';
import { canonicalEvent, canonicalJson, chainHash, GENESIS_HASH, linkEvent, type ChainEvent } from './chain-hash';
import { sourceOfActor } from './event-source';

const newEvent = (overrides: Partial<ChainEvent> = {}): ChainEvent => ({
  incidentId: 'c0ffee00-0000-4000-8000-000000000001',
  seq: 1,
  type: 'received',
  at: new Date('2025-11-21T06:03:27.123Z'),
  actor: '110:pcs',
  source: '110',
  workerId: null,
  lng: 120.5301,
  lat: 30.2852,
  detail: { caseNo: '3301', grid: '第一网格' },
  ...overrides,
});

describe('the canonical form of an event', () => {
  it('lists every covered field with keys sorted and no whitespace', () => {
    expect(canonicalEvent(newEvent())).toBe(
      '{"actor":"110:pcs","at":"2025-11-21T06:03:27.123Z","detail":{"caseNo":"3301","grid":"第一网格"},"incidentId":"c0ffee00-0000-4000-8000-000000000001","lat":30.2852,"lng":120.5301,"seq":1,"source":"110","type":"received","workerId":null}',
    );
  });

  it('sorts the keys of the detail at every depth, so jsonb key order does not matter', () => {
    const a = newEvent({ detail: { b: 1, a: { y: [{ q: 1, p: 2 }], x: null } } });
    const b = newEvent({ detail: { a: { x: null, y: [{ p: 2, q: 1 }] }, b: 1 } });
    expect(canonicalEvent(a)).toBe(canonicalEvent(b));
    expect(canonicalEvent(a)).toContain('"detail":{"a":{"x":null,"y":[{"p":2,"q":1}]},"b":1}');
  });

  it('keeps the order of arrays', () => {
    expect(canonicalJson({ list: [3, 1, 2] })).toBe('{"list":[3,1,2]}');
  });

  it('sorts numeric-looking keys as text, not as JavaScript orders them', () => {
    expect(canonicalJson({ 10: 'x', 9: 'y', a: 'z' })).toBe('{"10":"x","9":"y","a":"z"}');
  });

  it('reads the time the same from a Date or from any ISO string of the same instant', () => {
    const fromDate = canonicalEvent(newEvent({ at: new Date('2025-11-21T06:03:27.123Z') }));
    expect(canonicalEvent(newEvent({ at: '2025-11-21T14:03:27.123+08:00' }))).toBe(fromDate);
    expect(canonicalEvent(newEvent({ at: '2025-11-21T06:03:27.123Z' }))).toBe(fromDate);
  });

  it('treats the detail as JSON stores it: undefined keys dropped, Dates as ISO strings', () => {
    const withUndefined = newEvent({ detail: { reason: undefined, at: new Date('2025-11-21T06:00:00Z'), n: 2 } });
    expect(canonicalEvent(withUndefined)).toContain('"detail":{"at":"2025-11-21T06:00:00.000Z","n":2}');
  });

  it('keeps Chinese text as it is and escapes only what JSON must', () => {
    expect(canonicalJson({ result: '双方已调解 "和好"\n' })).toBe('{"result":"双方已调解 \\"和好\\"\\n"}');
  });
});

describe('the chain hash', () => {
  it('is 64 hex characters and the same every time', () => {
    const hash = chainHash(GENESIS_HASH, newEvent());
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(chainHash(GENESIS_HASH, newEvent())).toBe(hash);
  });

  it('starts every chain from a fixed genesis hash', () => {
    expect(GENESIS_HASH).toBe('0'.repeat(64));
  });

  it('changes when any covered field changes', () => {
    const base = chainHash(GENESIS_HASH, newEvent());
    const changes: Partial<ChainEvent>[] = [
      { incidentId: 'c0ffee00-0000-4000-8000-000000000002' },
      { seq: 2 },
      { type: 'offered' },
      { at: new Date('2025-11-21T06:03:27.124Z') },
      { actor: '110:other' },
      { source: 'camera' },
      { workerId: 'w1' },
      { lng: 120.5302 },
      { lat: 30.2853 },
      { detail: { caseNo: '3302', grid: '第一网格' } },
    ];
    for (const change of changes) expect(chainHash(GENESIS_HASH, newEvent(change))).not.toBe(base);
  });

  it('changes with the previous hash, so an event cannot be lifted into another chain', () => {
    expect(chainHash('f'.repeat(64), newEvent())).not.toBe(chainHash(GENESIS_HASH, newEvent()));
  });

  it('is the SHA-256 of the previous hash followed by the canonical text, the same way other tools compute it', () => {
    const e = newEvent({ detail: {}, lng: null, lat: null });
    expect(canonicalEvent(e)).toBe(
      '{"actor":"110:pcs","at":"2025-11-21T06:03:27.123Z","detail":{},"incidentId":"c0ffee00-0000-4000-8000-000000000001","lat":null,"lng":null,"seq":1,"source":"110","type":"received","workerId":null}',
    );
    expect(chainHash(GENESIS_HASH, e)).toBe(EXPECTED_VECTOR);
  });
});

describe('linking the next event', () => {
  it('numbers from 1 and links the first event to the genesis hash', () => {
    const { seq: _seq, ...first } = newEvent();
    const linked = linkEvent({ count: 0, lastHash: null }, first);
    expect(linked.seq).toBe(1);
    expect(linked.prevHash).toBe(GENESIS_HASH);
    expect(linked.hash).toBe(chainHash(GENESIS_HASH, { ...first, seq: 1 }));
  });

  it('continues from the anchor: the next seq and the last hash', () => {
    const { seq: _seq, ...next } = newEvent({ type: 'offered', actor: 'dispatch', source: 'system', workerId: 'w1' });
    const linked = linkEvent({ count: 4, lastHash: 'a'.repeat(64) }, next);
    expect(linked.seq).toBe(5);
    expect(linked.prevHash).toBe('a'.repeat(64));
    expect(linked.hash).toBe(chainHash('a'.repeat(64), { ...next, seq: 5 }));
  });
});

describe('the source of an event from its actor', () => {
  it.each([
    ['worker:hz-w001', 'phone'],
    ['operator:zhihui', 'console'],
    ['110:hz-pcs', '110'],
    ['intake', '110'],
    ['dispatch', 'system'],
    ['clock', 'system'],
    ['camera:gate-3', 'camera'],
    ['positioning', 'positioning'],
    ['someone-new', 'system'],
  ] as const)('%s → %s', (actor, source) => {
    expect(sourceOfActor(actor)).toBe(source);
  });
});

/** Computed with Python's hashlib over the same text, not with this module. */
const EXPECTED_VECTOR = '86662416d555894969e1638ad8e1019ed3e297edd4f53e80aee14dbeba48b08b';
