import { describe, expect, it } from 'vitest';
import { DEFAULT_ESCALATION, escalationChains } from './escalation';
import { DEFAULT_CLOCK_POLICY } from './one-three-eight';
import { stageTimers, timerVerdict, type CaseAtFiring } from './stage-timers';

const received = new Date('2026-11-21T08:00:00Z');
const at = (s: number) => new Date(received.getTime() + s * 1000);

describe('the durable timers of a case', () => {
  it('warns at 75% and breaches at the deadline of each stage, from receipt', () => {
    expect(stageTimers(received, DEFAULT_CLOCK_POLICY).map((t) => [t.stage, t.kind, t.dueAt])).toEqual([
      ['accept', 'warn', at(45)],
      ['accept', 'breach', at(60)],
      ['contact', 'warn', at(135)],
      ['contact', 'breach', at(180)],
      ['arrive', 'warn', at(360)],
      ['arrive', 'breach', at(480)],
    ]);
  });

  it('follows the windows and the share it is given', () => {
    const timers = stageTimers(received, { acceptSeconds: 20, contactSeconds: 40, arriveSeconds: 100, warnShare: 0.5 });
    expect(timers.find((t) => t.stage === 'arrive' && t.kind === 'warn')?.dueAt).toEqual(at(50));
  });
});

describe('whether a timer that fell due still has something to say', () => {
  const open: CaseAtFiring = { state: 'offered', acceptedAt: null, contactedAt: null, arrivedAt: null };

  it('fires while the stage runs', () => {
    expect(timerVerdict('accept', open)).toBe('fire');
    expect(timerVerdict('arrive', { ...open, state: 'contacted', acceptedAt: at(10), contactedAt: at(50) })).toBe('fire');
  });

  it('is moot once the stage is done, even late', () => {
    expect(timerVerdict('accept', { ...open, state: 'accepted', acceptedAt: at(70) })).toBe('moot');
    expect(timerVerdict('contact', { ...open, state: 'contacted', acceptedAt: at(10), contactedAt: at(20) })).toBe('moot');
  });

  it('is moot for a closed case', () => {
    expect(timerVerdict('arrive', { ...open, state: 'closed' })).toBe('moot');
  });
});

describe('escalation chains', () => {
  it('by default: next offer, console alarm and grid leader on an accept breach; the station only on an arrival breach', () => {
    expect(DEFAULT_ESCALATION.accept).toEqual(['next_offer', 'console_alarm', 'notify_grid_leader']);
    expect(DEFAULT_ESCALATION.contact).toEqual(['console_alarm']);
    expect(DEFAULT_ESCALATION.arrive).toEqual(['console_alarm', 'inform_station']);
  });

  it("takes a township's chain for a stage and the default for the others", () => {
    expect(escalationChains({ contact: ['console_alarm', 'inform_station'] })).toEqual({ ...DEFAULT_ESCALATION, contact: ['console_alarm', 'inform_station'] });
  });
});
