import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CLOCK_POLICY, clockStatuses, newAlarms, nextClockChange, stageClocks, type Milestones } from './one-three-eight';

const received = new Date('2026-11-21T08:00:00Z');
const at = (seconds: number) => new Date(received.getTime() + seconds * 1000);
const none: Milestones = { acceptedAt: null, contactedAt: null, arrivedAt: null };
const statuses = (now: number, m: Milestones = none) => clockStatuses(stageClocks(received, m, at(now)));

describe('1-3-8 clocks of a case nobody has touched', () => {
  it('sets deadlines at 1, 3 and 8 minutes from receipt', () => {
    const clocks = stageClocks(received, none, received);
    expect(clocks.map((c) => c.deadline.toISOString())).toEqual([at(60), at(180), at(480)].map((d) => d.toISOString()));
  });

  it('warns at 75% of each window', () => {
    const clocks = stageClocks(received, none, received);
    expect(clocks.map((c) => (c.warnAt.getTime() - received.getTime()) / 1000)).toEqual([45, 135, 360]);
  });

  it('runs, turns at risk, then breached for the accept stage', () => {
    expect(statuses(0).accept).toBe('pending');
    expect(statuses(44.999).accept).toBe('pending');
    expect(statuses(45).accept).toBe('at_risk');
    expect(statuses(59.999).accept).toBe('at_risk');
    expect(statuses(60).accept).toBe('breached');
  });

  it('breaches every stage after 8 minutes', () => {
    expect(statuses(480)).toEqual({ accept: 'breached', contact: 'breached', arrive: 'breached' });
  });
});

describe('1-3-8 clocks as the worker progresses', () => {
  it('stops the accept clock as met when accepted in time, whatever the time now', () => {
    expect(statuses(600, { ...none, acceptedAt: at(40) }).accept).toBe('met');
  });

  it('marks a late acceptance as met late, not breached', () => {
    expect(statuses(90, { ...none, acceptedAt: at(75) }).accept).toBe('met_late');
  });

  it('treats a step exactly at the deadline as met', () => {
    expect(statuses(200, { ...none, acceptedAt: at(30), contactedAt: at(180) }).contact).toBe('met');
  });

  it('keeps later stages running independently', () => {
    expect(statuses(150, { ...none, acceptedAt: at(30), contactedAt: at(100) })).toEqual({ accept: 'met', contact: 'met', arrive: 'pending' });
  });
});

describe('1-3-8 clocks under a township policy', () => {
  it('uses the configured windows and warning share', () => {
    const clocks = stageClocks(received, none, at(50), { acceptSeconds: 120, contactSeconds: 300, arriveSeconds: 900, warnShare: 0.5 });
    expect(clockStatuses(clocks)).toEqual({ accept: 'pending', contact: 'pending', arrive: 'pending' });
    expect(clockStatuses(stageClocks(received, none, at(60), { ...DEFAULT_CLOCK_POLICY, warnShare: 0.5 })).accept).toBe('breached');
  });
});

describe('the next clock change', () => {
  it('is the accept warning first, then the accept deadline', () => {
    expect(nextClockChange(stageClocks(received, none, at(0)), at(0))).toEqual(at(45));
    expect(nextClockChange(stageClocks(received, none, at(45)), at(45))).toEqual(at(60));
  });

  it('skips stages that are done', () => {
    const m = { ...none, acceptedAt: at(10) };
    expect(nextClockChange(stageClocks(received, m, at(10)), at(10))).toEqual(at(135));
  });

  it('is null once every stage is done', () => {
    const m = { acceptedAt: at(10), contactedAt: at(20), arrivedAt: at(30) };
    expect(nextClockChange(stageClocks(received, m, at(30)), at(30))).toBeNull();
  });

  it('never lies in the past and statuses only change at the announced instants (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 600_000 }), (ms) => {
        const now = new Date(received.getTime() + ms);
        const clocks = stageClocks(received, none, now);
        const next = nextClockChange(clocks, now);
        if (next === null) return ms >= 480_000;
        const justBefore = new Date(next.getTime() - 1);
        return next > now && JSON.stringify(clockStatuses(stageClocks(received, none, justBefore))) === JSON.stringify(clockStatuses(clocks));
      }),
    );
  });
});

describe('alarms between two readings', () => {
  it('raises at risk and breached for stages that turned so', () => {
    expect(newAlarms(statuses(0), statuses(46))).toEqual([{ stage: 'accept', status: 'at_risk' }]);
    expect(newAlarms(statuses(46), statuses(61))).toEqual([{ stage: 'accept', status: 'breached' }]);
  });

  it('raises nothing when nothing changed or a stage was met', () => {
    expect(newAlarms(statuses(10), statuses(20))).toEqual([]);
    expect(newAlarms(statuses(46), statuses(50, { ...none, acceptedAt: at(48) }))).toEqual([]);
  });
});
