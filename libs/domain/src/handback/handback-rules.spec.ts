import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import { defaultReturnToPolice, judgeAcknowledge, judgeHandOver12345, judgeReturnToPolice, type ReturnAttempt } from './handback-rules';

const attempt = (over: Partial<ReturnAttempt> = {}): ReturnAttempt => ({ role: 'worker', state: 'arrived', rule: 'worker_or_operator', holds: true, hasStation: true, ...over });

function refusal(run: () => unknown): DomainError {
  try {
    run();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('not refused');
}

describe('defaultReturnToPolice', () => {
  it('lets the worker on site return what may be a police matter after all', () => {
    expect(defaultReturnToPolice('dispute')).toBe('worker_or_operator');
    expect(defaultReturnToPolice('other')).toBe('worker_or_operator');
    expect(defaultReturnToPolice('assault')).toBe('worker_or_operator');
  });

  it("keeps the township's own matters to operators", () => {
    expect(defaultReturnToPolice('noise')).toBe('operator');
    expect(defaultReturnToPolice('water_leak')).toBe('operator');
  });
});

describe('judgeReturnToPolice', () => {
  it('lets the worker holding the case return it in any open state they hold', () => {
    for (const state of ['accepted', 'contacted', 'arrived'] as const) expect(() => judgeReturnToPolice(attempt({ state }))).not.toThrow();
  });

  it('lets an operator return any open case the table allows, held or not', () => {
    for (const state of ['received', 'offered', 'accepted', 'arrived'] as const) {
      expect(() => judgeReturnToPolice(attempt({ role: 'operator', state, holds: false, rule: 'operator' }))).not.toThrow();
    }
  });

  it('refuses a worker where the table says operators only, naming the category', () => {
    const e = refusal(() => judgeReturnToPolice(attempt({ rule: 'operator' })));
    expect(e.code).toBe('FORBIDDEN');
    expect(e.field).toBe('category');
    expect(e.message).toContain('值班员');
  });

  it('refuses everyone where the table says none', () => {
    expect(refusal(() => judgeReturnToPolice(attempt({ role: 'operator', rule: 'none' }))).code).toBe('FORBIDDEN');
    expect(refusal(() => judgeReturnToPolice(attempt({ rule: 'none' }))).field).toBe('category');
  });

  it('refuses a worker who does not hold the case, or before they took it', () => {
    expect(refusal(() => judgeReturnToPolice(attempt({ holds: false }))).code).toBe('NOT_YOUR_CASE');
    expect(refusal(() => judgeReturnToPolice(attempt({ state: 'offered' }))).code).toBe('NOT_YOUR_CASE');
  });

  it('refuses a closed case', () => {
    const e = refusal(() => judgeReturnToPolice(attempt({ role: 'operator', state: 'closed' })));
    expect(e.code).toBe('ILLEGAL_TRANSITION');
    expect(e.field).toBe('state');
  });

  it('refuses a case with no station to return it to', () => {
    expect(refusal(() => judgeReturnToPolice(attempt({ hasStation: false }))).field).toBe('station');
  });
});

describe('judgeHandOver12345', () => {
  it('hands over an open case and refuses a closed one', () => {
    expect(() => judgeHandOver12345('accepted')).not.toThrow();
    expect(refusal(() => judgeHandOver12345('closed')).code).toBe('ILLEGAL_TRANSITION');
  });
});

describe('judgeAcknowledge', () => {
  it('signs once, then answers the first signature', () => {
    expect(judgeAcknowledge({ returnedToThisStation: true, acknowledged: false })).toBe('sign');
    expect(judgeAcknowledge({ returnedToThisStation: true, acknowledged: true })).toBe('already');
  });

  it("knows no case that was not returned to this station", () => {
    expect(refusal(() => judgeAcknowledge({ returnedToThisStation: false, acknowledged: false })).code).toBe('NOT_FOUND');
  });
});
