import { describe, expect, it } from 'vitest';
import { currentOrNextShift, nextRosterChange, shiftInForce, shiftSpan, type RosterShift } from './shift-schedule';

const shift = (date: string, start: string, end: string, workerId = 'w1'): RosterShift => ({ workerId, date, start, end });
const at = (iso: string) => new Date(iso);

describe('a day shift 08:00–20:00', () => {
  const day = shift('2025-03-10', '08:00', '20:00');

  it('covers 08:00 up to but not including 20:00 Shanghai time', () => {
    expect(shiftSpan(day)).toEqual({ startsAt: at('2025-03-10T00:00:00Z'), endsAt: at('2025-03-10T12:00:00Z') });
    expect(shiftInForce([day], at('2025-03-10T00:00:00Z'))).toBe(day);
    expect(shiftInForce([day], at('2025-03-10T11:59:59Z'))).toBe(day);
    expect(shiftInForce([day], at('2025-03-10T12:00:00Z'))).toBeNull();
    expect(shiftInForce([day], at('2025-03-09T23:59:59Z'))).toBeNull();
  });
});

describe('a night shift 20:00–08:00 crossing midnight', () => {
  const night = shift('2025-03-10', '20:00', '08:00');

  it('ends at 08:00 the next Shanghai day', () => {
    expect(shiftSpan(night)).toEqual({ startsAt: at('2025-03-10T12:00:00Z'), endsAt: at('2025-03-11T00:00:00Z') });
  });

  it('is in force after midnight Shanghai, which is still the previous day in UTC', () => {
    // 00:30 on the 11th in Shanghai is 16:30 UTC on the 10th.
    expect(shiftInForce([night], at('2025-03-10T16:30:00Z'))).toBe(night);
    // 07:59 on the 11th in Shanghai.
    expect(shiftInForce([night], at('2025-03-10T23:59:00Z'))).toBe(night);
  });

  it('belongs to the date it starts: a shift dated the 11th does not cover 01:00 on the 11th', () => {
    const nextNight = shift('2025-03-11', '20:00', '08:00');
    expect(shiftInForce([nextNight], at('2025-03-10T17:00:00Z'))).toBeNull();
  });
});

describe('the next change of a roster', () => {
  const shifts = [shift('2025-03-10', '08:00', '12:00'), shift('2025-03-10', '14:00', '18:00')];

  it('is the next shift end while a shift is in force, then the next start', () => {
    expect(nextRosterChange(shifts, at('2025-03-10T01:00:00Z'))).toEqual(at('2025-03-10T04:00:00Z'));
    expect(nextRosterChange(shifts, at('2025-03-10T04:00:00Z'))).toEqual(at('2025-03-10T06:00:00Z'));
  });

  it('is strictly after the instant asked about, and null after the last shift', () => {
    expect(nextRosterChange(shifts, at('2025-03-10T06:00:00Z'))).toEqual(at('2025-03-10T10:00:00Z'));
    expect(nextRosterChange(shifts, at('2025-03-10T10:00:00Z'))).toBeNull();
  });

  it('counts back-to-back shifts as changes at the seam', () => {
    const seam = [shift('2025-03-10', '08:00', '20:00'), shift('2025-03-10', '20:00', '08:00')];
    expect(nextRosterChange(seam, at('2025-03-10T01:00:00Z'))).toEqual(at('2025-03-10T12:00:00Z'));
    expect(shiftInForce(seam, at('2025-03-10T12:00:00Z'))).toBe(seam[1]);
  });
});

describe('the shift a duty view shows', () => {
  it('is the one in force, else the next starting today or tomorrow in Shanghai', () => {
    const today = shift('2025-03-10', '20:00', '08:00');
    const later = shift('2025-03-13', '08:00', '20:00');
    expect(currentOrNextShift([today, later], at('2025-03-10T04:00:00Z'))).toBe(today);
    expect(currentOrNextShift([today, later], at('2025-03-10T13:00:00Z'))).toBe(today);
    expect(currentOrNextShift([later], at('2025-03-10T04:00:00Z'))).toBeNull();
  });
});
