import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, isShanghaiDate, isWallTime, shanghaiDate, shanghaiInstant, shanghaiTime } from './shanghai-wall-clock';

describe('Asia/Shanghai wall clock on a UTC server', () => {
  it('places a Shanghai date and time at the instant eight hours earlier in UTC', () => {
    expect(shanghaiInstant('2025-03-10', '08:00').toISOString()).toBe('2025-03-10T00:00:00.000Z');
    expect(shanghaiInstant('2025-03-10', '00:30').toISOString()).toBe('2025-03-09T16:30:00.000Z');
  });

  it('reads the Shanghai day, not the UTC day, of an instant', () => {
    expect(shanghaiDate(new Date('2025-03-10T16:30:00Z'))).toBe('2025-03-11');
    expect(shanghaiDate(new Date('2025-03-10T15:59:59Z'))).toBe('2025-03-10');
    expect(shanghaiTime(new Date('2025-12-31T16:05:00Z'))).toBe('00:05');
  });

  it('accepts only real dates and HH:MM times', () => {
    expect(isShanghaiDate('2024-02-29')).toBe(true);
    expect(isShanghaiDate('2025-02-29')).toBe(false);
    expect(isShanghaiDate('2025-3-1')).toBe(false);
    expect(isWallTime('23:59')).toBe(true);
    expect(isWallTime('24:00')).toBe(false);
    expect(isWallTime('8:00')).toBe(false);
  });

  it('counts days across month and year ends', () => {
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(daysBetween('2025-12-30', '2026-01-02')).toBe(3);
  });
});
