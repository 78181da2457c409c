import { describe, expect, it } from 'vitest';
import { holdsCase, type CaseHolding } from './case-holder';

const held = (overrides: Partial<CaseHolding> = {}): CaseHolding => ({ state: 'accepted', workerId: 'w1', assistantIds: [], ...overrides });

describe('who holds a case', () => {
  it('is the primary worker from acceptance until the case closes', () => {
    for (const state of ['accepted', 'contacted', 'arrived'] as const) expect(holdsCase(held({ state }), 'w1')).toBe(true);
    expect(holdsCase(held({ state: 'closed' }), 'w1')).toBe(false);
  });

  it('is not the worker a case is only offered to', () => {
    expect(holdsCase(held({ state: 'offered' }), 'w1')).toBe(false);
    expect(holdsCase(held({ state: 'received', workerId: null }), 'w1')).toBe(false);
  });

  it('includes an assistant until the case closes', () => {
    expect(holdsCase(held({ assistantIds: ['w2'] }), 'w2')).toBe(true);
    expect(holdsCase(held({ state: 'closed', assistantIds: ['w2'] }), 'w2')).toBe(false);
  });

  it('is nobody else, and never a reader who is not a worker', () => {
    expect(holdsCase(held(), 'w3')).toBe(false);
    expect(holdsCase(held(), null)).toBe(false);
    expect(holdsCase(held(), undefined)).toBe(false);
  });
});
