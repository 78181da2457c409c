import { describe, expect, it } from 'vitest';
import { dutyAt, overrideEnds, overrideHolds, type DutyOverride } from './duty-at';
import type { RosterShift } from './shift-schedule';

const at = (iso: string) => new Date(iso);
// 08:00–20:00 Shanghai on the 10th, then 20:00–08:00 the night of the 11th.
const shifts: RosterShift[] = [
  { workerId: 'w1', date: '2025-03-10', start: '08:00', end: '20:00' },
  { workerId: 'w1', date: '2025-03-11', start: '20:00', end: '08:00' },
];

describe('a rostered worker without an override', () => {
  it('is on duty during a shift and off between shifts, whatever their switch says', () => {
    expect(dutyAt({ shifts, override: null, manualOnDuty: false }, at('2025-03-10T03:00:00Z'))).toMatchObject({ onDuty: true, source: 'roster', shift: shifts[0] });
    expect(dutyAt({ shifts, override: null, manualOnDuty: true }, at('2025-03-10T13:00:00Z'))).toMatchObject({ onDuty: false, source: 'roster', shift: null });
    // 02:00 on the 12th in Shanghai: the night shift of the 11th.
    expect(dutyAt({ shifts, override: null, manualOnDuty: false }, at('2025-03-11T18:00:00Z'))).toMatchObject({ onDuty: true, shift: shifts[1] });
  });

  it('stays rostered (off duty) when the caller knows of shifts outside those passed', () => {
    expect(dutyAt({ rostered: true, shifts: [], override: null, manualOnDuty: true }, at('2025-04-01T00:00:00Z'))).toMatchObject({ onDuty: false, source: 'roster' });
  });
});

describe('a worker with no shifts at all', () => {
  it('keeps the switch they flip themselves', () => {
    expect(dutyAt({ shifts: [], override: null, manualOnDuty: true }, at('2025-03-10T13:00:00Z'))).toEqual({ onDuty: true, source: 'no_roster', shift: null, overrideHolds: false });
    expect(dutyAt({ shifts: [], override: null, manualOnDuty: false }, at('2025-03-10T03:00:00Z'))).toMatchObject({ onDuty: false, source: 'no_roster' });
  });
});

describe('an override without an end', () => {
  // Off duty at 10:00 on the 10th, in the middle of the day shift.
  const off: DutyOverride = { onDuty: false, at: at('2025-03-10T02:00:00Z'), until: null };

  it('holds until the roster next changes (the end of the shift in force)', () => {
    expect(overrideEnds(off, shifts)).toEqual(at('2025-03-10T12:00:00Z'));
    expect(dutyAt({ shifts, override: off, manualOnDuty: true }, at('2025-03-10T11:59:00Z'))).toMatchObject({ onDuty: false, source: 'override', overrideHolds: true });
    expect(dutyAt({ shifts, override: off, manualOnDuty: true }, at('2025-03-10T12:00:00Z'))).toMatchObject({ onDuty: false, source: 'roster', overrideHolds: false });
  });

  it('made between shifts, holds until the next shift starts', () => {
    const on: DutyOverride = { onDuty: true, at: at('2025-03-10T14:00:00Z'), until: null };
    expect(overrideEnds(on, shifts)).toEqual(at('2025-03-11T12:00:00Z'));
    expect(overrideHolds(on, shifts, at('2025-03-11T11:00:00Z'))).toBe(true);
    expect(dutyAt({ shifts, override: on, manualOnDuty: false }, at('2025-03-11T11:00:00Z'))).toMatchObject({ onDuty: true, source: 'override' });
  });

  it('holds for good when no change is to come', () => {
    const late: DutyOverride = { onDuty: true, at: at('2025-03-20T00:00:00Z'), until: null };
    expect(overrideEnds(late, shifts)).toBeNull();
    expect(overrideHolds(late, shifts, at('2025-04-20T00:00:00Z'))).toBe(true);
  });

  it('does not hold before it was made', () => {
    expect(overrideHolds(off, shifts, at('2025-03-10T01:00:00Z'))).toBe(false);
  });
});

describe('an override with an end', () => {
  it('holds until then, across roster changes', () => {
    // Off from 10:00 on the 10th until 09:00 on the 12th: through the night shift of the 11th.
    const leave: DutyOverride = { onDuty: false, at: at('2025-03-10T02:00:00Z'), until: at('2025-03-12T01:00:00Z') };
    expect(dutyAt({ shifts, override: leave, manualOnDuty: true }, at('2025-03-11T18:00:00Z'))).toMatchObject({ onDuty: false, source: 'override', shift: shifts[1] });
    expect(overrideHolds(leave, shifts, at('2025-03-12T01:00:00Z'))).toBe(false);
  });
});
