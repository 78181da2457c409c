import { describe, expect, it } from 'vitest';
import type { IncidentState } from '@xiaonao/contracts';
import { DomainError } from '../errors';
import { afterDecline, afterOfferLapsed, applyWorkerStep, assignmentKind, canOffer, checkQueuedStep, isOpen, type WorkerStep } from './incident-lifecycle';

const incident = (state: IncidentState, workerId: string | null = 'w1') => ({ state, workerId });
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e instanceof DomainError ? e.code : 'other';
  }
  return 'none';
};

describe('a worker walking a case through 1-3-8', () => {
  it('goes offered → accepted → contacted → arrived → closed', () => {
    let state: IncidentState = 'offered';
    for (const step of ['accept', 'contact', 'arrive', 'close'] as WorkerStep[]) state = applyWorkerStep(incident(state), step, 'w1');
    expect(state).toBe('closed');
  });

  it('sends a declined case back to be offered again', () => {
    expect(applyWorkerStep(incident('offered'), 'decline', 'w1')).toBe('received');
  });
});

describe('illegal steps', () => {
  it('refuses arriving before accepting', () => {
    expect(codeOf(() => applyWorkerStep(incident('offered'), 'arrive', 'w1'))).toBe('ILLEGAL_TRANSITION');
  });

  it('refuses closing before arriving, and accepting twice', () => {
    expect(codeOf(() => applyWorkerStep(incident('contacted'), 'close', 'w1'))).toBe('ILLEGAL_TRANSITION');
    expect(codeOf(() => applyWorkerStep(incident('accepted'), 'accept', 'w1'))).toBe('ILLEGAL_TRANSITION');
  });

  it("refuses acting on someone else's case", () => {
    expect(codeOf(() => applyWorkerStep(incident('accepted', 'w2'), 'contact', 'w1'))).toBe('NOT_YOUR_CASE');
    expect(codeOf(() => applyWorkerStep(incident('received', null), 'accept', 'w1'))).toBe('NOT_YOUR_CASE');
  });

  it('explains the refusal in Chinese', () => {
    expect(() => applyWorkerStep(incident('offered'), 'arrive', 'w1')).toThrow('当前状态为「派单中」，不能「到场」');
  });
});

describe('offers', () => {
  it('are made only while a case waits for a worker', () => {
    expect(canOffer('received')).toBe(true);
    expect(canOffer('offered')).toBe(false);
    expect(canOffer('accepted')).toBe(false);
  });

  it('lapse back to received only while still offered', () => {
    expect(afterOfferLapsed('offered')).toBe('received');
    expect(afterOfferLapsed('accepted')).toBe('accepted');
  });

  it('leave a case open until it is closed', () => {
    expect(isOpen('arrived')).toBe(true);
    expect(isOpen('closed')).toBe(false);
  });
});

describe('an operator assigning by hand', () => {
  it('offers a waiting or offered case to the chosen worker', () => {
    expect(assignmentKind('received')).toBe('offer');
    expect(assignmentKind('offered')).toBe('offer');
  });

  it('takes a case in hand from its worker to reassign it', () => {
    expect(assignmentKind('accepted')).toBe('reassign');
    expect(assignmentKind('arrived')).toBe('reassign');
  });

  it('refuses a closed case', () => {
    expect(codeOf(() => assignmentKind('closed'))).toBe('ILLEGAL_TRANSITION');
  });
});

describe('a race of offers (first to accept wins)', () => {
  const race = { state: 'offered' as const, workerId: null, offeredTo: ['w1', 'w2', 'w3'] };

  it('lets any worker offered the case accept or decline it', () => {
    expect(applyWorkerStep(race, 'accept', 'w2')).toBe('accepted');
    expect(applyWorkerStep(race, 'decline', 'w3')).toBe('received');
  });

  it('refuses a worker not in the race', () => {
    expect(codeOf(() => applyWorkerStep(race, 'accept', 'w9'))).toBe('NOT_YOUR_CASE');
  });

  it('keeps the case offered while other offers stand after a decline', () => {
    expect(afterDecline(2)).toBe('offered');
    expect(afterDecline(0)).toBe('received');
  });
});

describe('a queued case (taken as the next one by a busy worker)', () => {
  it.each<WorkerStep>(['contact'])('lets the worker %s the party while the current case goes on', (step) => {
    expect(() => checkQueuedStep(true, step)).not.toThrow();
  });

  it.each<WorkerStep>(['arrive', 'close'])('refuses to %s before the current case closes', (step) => {
    expect(() => checkQueuedStep(true, step)).toThrow(DomainError);
  });

  it.each<WorkerStep>(['accept', 'contact', 'arrive', 'close'])('puts no limit on %s for a case that is not queued', (step) => {
    expect(() => checkQueuedStep(false, step)).not.toThrow();
  });
});

describe('a step from a worker whose case moved on while the phone was offline', () => {
  it('says the case went to someone else when another worker holds it or has its offer', () => {
    expect(() => applyWorkerStep({ state: 'accepted', workerId: 'w2', formerlyTheirs: true }, 'contact', 'w1')).toThrow(expect.objectContaining({ code: 'CASE_REASSIGNED', message: '该事件已改派给他人' }));
    expect(() => applyWorkerStep({ state: 'offered', workerId: 'w2', offeredTo: ['w2'], formerlyTheirs: true }, 'accept', 'w1')).toThrow(expect.objectContaining({ code: 'CASE_REASSIGNED' }));
  });

  it('says the offer lapsed when nobody holds the case yet', () => {
    expect(() => applyWorkerStep({ state: 'received', workerId: null, formerlyTheirs: true }, 'accept', 'w1')).toThrow(expect.objectContaining({ code: 'OFFER_NOT_OPEN' }));
  });

  it('still says 不是派给您的 to a worker who never had the case', () => {
    expect(() => applyWorkerStep({ state: 'accepted', workerId: 'w2' }, 'contact', 'w1')).toThrow(expect.objectContaining({ code: 'NOT_YOUR_CASE' }));
  });
});
