import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TimelineType } from '@xiaonao/contracts';
import { chainHash, linkEvent, type ChainAnchor, type ChainedEvent, type ChainEvent } from './chain-hash';
import { verifyChain } from './verify-chain';

const INCIDENT = 'c0ffee00-0000-4000-8000-000000000001';
const T0 = Date.parse('2025-11-21T06:00:00.000Z');

const TYPES: readonly TimelineType[] = ['received', 'offered', 'accepted', 'contacted', 'arrived', 'closed'];

/** A case's events as the hub writes them, one a second from T0, hashed and linked. */
function chainOf(types: readonly TimelineType[] = ['received', 'offered', 'accepted', 'contacted', 'arrived', 'closed']): { events: ChainedEvent[]; anchor: ChainAnchor } {
  let anchor: ChainAnchor = { count: 0, lastHash: null };
  const events = types.map((type, i) => {
    const e = linkEvent(anchor, {
      incidentId: INCIDENT,
      type,
      at: new Date(T0 + i * 1000),
      actor: i === 0 ? '110:pcs' : 'worker:w1',
      source: i === 0 ? '110' : 'phone',
      workerId: i === 0 ? null : 'w1',
      lng: null,
      lat: null,
      detail: type === 'closed' ? { result: '已调解' } : {},
    });
    anchor = { count: e.seq, lastHash: e.hash };
    return e;
  });
  return { events, anchor };
}

/** Recomputes an event's own hash after a change, as someone who knows the algorithm would. */
const rehash = (e: ChainedEvent): ChainedEvent => ({ ...e, hash: chainHash(e.prevHash, e) });
const without = (events: ChainedEvent[], seq: number) => events.filter((e) => e.seq !== seq);
const replace = (events: ChainedEvent[], seq: number, change: (e: ChainedEvent) => ChainedEvent) => events.map((e) => (e.seq === seq ? change(e) : e));

describe('an untouched chain', () => {
  it('holds, with every event checked', () => {
    const { events, anchor } = chainOf();
    expect(verifyChain(events, anchor)).toEqual({ ok: true, checked: 6 });
    expect(verifyChain(events)).toEqual({ ok: true, checked: 6 });
  });

  it('holds when the case has no events yet', () => {
    expect(verifyChain([], { count: 0, lastHash: null })).toEqual({ ok: true, checked: 0 });
  });
});

describe('an edited event', () => {
  it('is named by its seq when its detail changed', () => {
    const { events, anchor } = chainOf();
    const edited = replace(events, 6, (e) => ({ ...e, detail: { result: '已办结（改）' } }));
    expect(verifyChain(edited, anchor)).toEqual({ ok: false, checked: 5, seq: 6, reason: 'edited' });
  });

  it.each<[string, Partial<ChainEvent>]>([
    ['time', { at: new Date(T0 + 2500) }],
    ['actor', { actor: 'worker:w2' }],
    ['source', { source: 'console' }],
    ['worker', { workerId: 'w2' }],
    ['position', { lng: 120.5, lat: 30.28 }],
    ['type', { type: 'declined' }],
  ])('is caught when its %s changed', (_what, change) => {
    const { events, anchor } = chainOf();
    expect(verifyChain(replace(events, 3, (e) => ({ ...e, ...change })), anchor)).toEqual({ ok: false, checked: 2, seq: 3, reason: 'edited' });
  });

  it('is caught when only its stored hash changed', () => {
    const { events, anchor } = chainOf();
    expect(verifyChain(replace(events, 2, (e) => ({ ...e, hash: 'f'.repeat(64) })), anchor)).toMatchObject({ ok: false, seq: 2, reason: 'edited' });
  });

  it('breaks the next link when its hash was recomputed to match the edit', () => {
    const { events, anchor } = chainOf();
    const edited = replace(events, 3, (e) => rehash({ ...e, at: new Date(T0) }));
    expect(verifyChain(edited, anchor)).toEqual({ ok: false, checked: 3, seq: 4, reason: 'deleted' });
  });

  it('is caught by the anchor when it is the last event, rehashed', () => {
    const { events, anchor } = chainOf();
    const edited = replace(events, 6, (e) => rehash({ ...e, detail: { result: '改写' } }));
    expect(verifyChain(edited, anchor)).toEqual({ ok: false, checked: 5, seq: 6, reason: 'edited' });
  });
});

describe('a deleted event', () => {
  it('in the middle leaves a gap in seq, named by the missing seq', () => {
    const { events, anchor } = chainOf();
    expect(verifyChain(without(events, 3), anchor)).toEqual({ ok: false, checked: 2, seq: 3, reason: 'deleted' });
  });

  it('at the start is the missing seq 1', () => {
    const { events, anchor } = chainOf();
    expect(verifyChain(without(events, 1), anchor)).toEqual({ ok: false, checked: 0, seq: 1, reason: 'deleted' });
  });

  it('in the middle with the later events renumbered and rehashed still breaks a link', () => {
    const { events, anchor } = chainOf();
    const renumbered = without(events, 3).map((e) => (e.seq > 3 ? rehash({ ...e, seq: e.seq - 1 }) : e));
    expect(verifyChain(renumbered, { ...anchor, count: 5, lastHash: renumbered[4].hash })).toEqual({ ok: false, checked: 2, seq: 3, reason: 'deleted' });
  });

  it('at the end is caught by the anchor on the incident row: truncated', () => {
    const { events, anchor } = chainOf();
    expect(verifyChain(without(events, 6), anchor)).toEqual({ ok: false, checked: 5, seq: 6, reason: 'truncated' });
  });

  it('at the end goes unseen without the anchor (which is why the row keeps one)', () => {
    const { events } = chainOf();
    expect(verifyChain(without(events, 6))).toEqual({ ok: true, checked: 5 });
  });

  it('all of them is a truncation from seq 1', () => {
    const { anchor } = chainOf();
    expect(verifyChain([], anchor)).toEqual({ ok: false, checked: 0, seq: 1, reason: 'truncated' });
  });
});

describe('reordered events', () => {
  it('are caught when two events swapped their seq numbers', () => {
    const { events, anchor } = chainOf();
    const swapped = events.map((e) => (e.seq === 3 ? { ...e, seq: 4 } : e.seq === 4 ? { ...e, seq: 3 } : e)).sort((a, b) => a.seq - b.seq);
    expect(verifyChain(swapped, anchor)).toEqual({ ok: false, checked: 2, seq: 3, reason: 'reordered' });
  });

  it('are caught when the swapped events were rehashed under their new seq', () => {
    const { events, anchor } = chainOf();
    const swapped = events.map((e) => (e.seq === 3 ? rehash({ ...e, seq: 4 }) : e.seq === 4 ? rehash({ ...e, seq: 3 }) : e)).sort((a, b) => a.seq - b.seq);
    expect(verifyChain(swapped, anchor)).toEqual({ ok: false, checked: 2, seq: 3, reason: 'reordered' });
  });

  it('are caught when read out of seq order', () => {
    const { events, anchor } = chainOf();
    const shuffled = [events[0], events[2], events[1], ...events.slice(3)];
    expect(verifyChain(shuffled, anchor)).toEqual({ ok: false, checked: 1, seq: 2, reason: 'reordered' });
    const repeated = [events[0], events[1], events[1]];
    expect(verifyChain(repeated)).toEqual({ ok: false, checked: 2, seq: 2, reason: 'reordered' });
  });
});

describe('the anchor', () => {
  it('flags an event added past the hub (the row does not know it) as edited', () => {
    const { events, anchor } = chainOf();
    const extra = linkEvent(anchor, { ...events[5], type: 'escalated', detail: {} });
    expect(verifyChain([...events, extra], anchor)).toEqual({ ok: false, checked: 6, seq: 7, reason: 'edited' });
  });

  it('flags a last hash on the row that the chain does not end with', () => {
    const { events, anchor } = chainOf();
    expect(verifyChain(events, { ...anchor, lastHash: 'e'.repeat(64) })).toEqual({ ok: false, checked: 5, seq: 6, reason: 'edited' });
  });
});

describe('any single tampering, on chains of any length', () => {
  const arbCase = fc.integer({ min: 1, max: 12 }).chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 1, max: n })));
  const types = (n: number) => Array.from({ length: n }, (_, i) => TYPES[i % TYPES.length]);

  it('names the edited event', () => {
    fc.assert(
      fc.property(arbCase, fc.string({ minLength: 1 }), ([n, seq], note) => {
        const { events, anchor } = chainOf(types(n));
        const check = verifyChain(replace(events, seq, (e) => ({ ...e, detail: { ...e.detail, note } })), anchor);
        expect(check).toEqual({ ok: false, checked: seq - 1, seq, reason: 'edited' });
      }),
    );
  });

  it('names the deleted event: a gap in the middle, a truncation at the end', () => {
    fc.assert(
      fc.property(arbCase, ([n, seq]) => {
        const { events, anchor } = chainOf(types(n));
        expect(verifyChain(without(events, seq), anchor)).toEqual({ ok: false, checked: seq - 1, seq, reason: seq === n ? 'truncated' : 'deleted' });
      }),
    );
  });
});
