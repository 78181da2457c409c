import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import { findOverlap, validateRoster, validateRosterRange, validateShift } from './roster-validation';
import type { RosterShift } from './shift-schedule';

const shift = (date: string, start: string, end: string, workerId = 'w1'): RosterShift => ({ workerId, date, start, end });

function fieldOf(work: () => void): string | undefined {
  try {
    work();
  } catch (error) {
    if (error instanceof DomainError && error.code === 'INVALID_INPUT') return error.field;
    throw error;
  }
  return undefined;
}

describe('one shift', () => {
  it('accepts a day shift and a night shift crossing midnight', () => {
    expect(fieldOf(() => validateShift(shift('2025-03-10', '08:00', '20:00'), 's'))).toBeUndefined();
    expect(fieldOf(() => validateShift(shift('2025-03-10', '20:00', '08:00'), 's'))).toBeUndefined();
  });

  it('names the field that is wrong, in Chinese first', () => {
    expect(fieldOf(() => validateShift(shift('2025-02-30', '08:00', '20:00'), 'shifts[0]'))).toBe('shifts[0].date');
    expect(fieldOf(() => validateShift(shift('2025-03-10', '8:00', '20:00'), 'shifts[0]'))).toBe('shifts[0].start');
    expect(fieldOf(() => validateShift(shift('2025-03-10', '08:00', '24:00'), 'shifts[0]'))).toBe('shifts[0].end');
    expect(() => validateShift(shift('2025-03-10', '08:00', '08:00'), 'shifts[2]')).toThrow(/^shifts\[2\]\.end：结束时间不能与开始时间相同$/);
  });
});

describe('the range a roster replaces', () => {
  it('wants dates in order and at most a quarter long', () => {
    expect(fieldOf(() => validateRosterRange('2025-03-10', '2025-03-16'))).toBeUndefined();
    expect(fieldOf(() => validateRosterRange('2025-03-1', '2025-03-16'))).toBe('from');
    expect(fieldOf(() => validateRosterRange('2025-03-10', '2025-03-09'))).toBe('to');
    expect(fieldOf(() => validateRosterRange('2025-01-01', '2025-12-31'))).toBe('to');
  });
});

describe('overlapping shifts of one worker', () => {
  it('are found, also when a night shift runs into the next day’s shift', () => {
    expect(findOverlap([shift('2025-03-10', '20:00', '08:00'), shift('2025-03-11', '07:00', '12:00')])).toEqual([0, 1]);
    expect(findOverlap([shift('2025-03-10', '20:00', '08:00'), shift('2025-03-11', '08:00', '12:00')])).toBeNull();
  });

  it('are no clash between two workers', () => {
    expect(findOverlap([shift('2025-03-10', '08:00', '20:00', 'a'), shift('2025-03-10', '08:00', '20:00', 'b')])).toBeNull();
  });

  it('are found behind a long shift that a short one sits inside', () => {
    expect(findOverlap([shift('2025-03-10', '00:00', '23:00'), shift('2025-03-10', '01:00', '02:00'), shift('2025-03-10', '22:00', '23:30')])).toEqual([0, 1]);
  });
});

describe('a whole roster', () => {
  const from = '2025-03-10';
  const to = '2025-03-16';

  it('refuses a shift dated outside the range', () => {
    expect(fieldOf(() => validateRoster({ from, to, shifts: [shift('2025-03-17', '08:00', '20:00')] }))).toBe('shifts[0].date');
  });

  it('refuses two new shifts that overlap, naming the first', () => {
    const shifts = [shift('2025-03-12', '08:00', '20:00'), shift('2025-03-11', '20:00', '09:00')];
    expect(fieldOf(() => validateRoster({ from, to, shifts }))).toBe('shifts[0]');
  });

  it('refuses a new shift running into a kept one beyond the range, and one overlapped by last night’s kept shift', () => {
    expect(fieldOf(() => validateRoster({ from, to, shifts: [shift('2025-03-16', '20:00', '08:00')] }, [shift('2025-03-17', '06:00', '14:00')]))).toBe('shifts[0]');
    expect(fieldOf(() => validateRoster({ from, to, shifts: [shift('2025-03-10', '06:00', '14:00')] }, [shift('2025-03-09', '20:00', '08:00')]))).toBe('shifts[0]');
    expect(() => validateRoster({ from, to, shifts: [shift('2025-03-10', '06:00', '14:00')] }, [shift('2025-03-09', '20:00', '08:00')])).toThrow(/已有班次/);
  });

  it('accepts a week of day and night shifts', () => {
    const shifts = Array.from({ length: 7 }, (_, i) => shift(`2025-03-1${i}`, '08:00', '20:00', 'day')).concat(
      Array.from({ length: 7 }, (_, i) => shift(`2025-03-1${i}`, '20:00', '08:00', 'night')),
    );
    expect(fieldOf(() => validateRoster({ from, to, shifts }, [shift('2025-03-09', '20:00', '08:00', 'night')]))).toBeUndefined();
  });
});
