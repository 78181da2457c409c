import { describe, expect, it } from 'vitest';
import { addDays, beijingDayOf, isDay, presetOf, presetPeriod, printQuery, readQuery, writeQuery } from './review-period';

describe('the review period', () => {
  it('computes the presets in Beijing days, both ends included', () => {
    expect(presetPeriod('today', '2026-03-01')).toEqual({ from: '2026-03-01', to: '2026-03-01' });
    expect(presetPeriod('yesterday', '2026-03-01')).toEqual({ from: '2026-02-28', to: '2026-02-28' });
    expect(presetPeriod('last7', '2026-03-03')).toEqual({ from: '2026-02-25', to: '2026-03-03' });
    expect(presetPeriod('thisMonth', '2026-03-17')).toEqual({ from: '2026-03-01', to: '2026-03-17' });
    expect(presetPeriod('lastMonth', '2026-01-17')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(presetOf({ from: '2026-02-25', to: '2026-03-03' }, '2026-03-03')).toBe('last7');
    expect(presetOf({ from: '2026-02-24', to: '2026-03-03' }, '2026-03-03')).toBeNull();
  });

  it('reads the day in Beijing, not in the browser zone', () => {
    expect(beijingDayOf(new Date('2026-11-30T16:30:00Z'))).toBe('2026-12-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(isDay('2026-02-30')).toBe(false);
  });

  it('keeps the period in the URL and falls back to the week ending today', () => {
    const search = writeQuery('?as=station', { period: { from: '2026-11-01', to: '2026-11-30' }, by: 'category' });
    expect(readQuery(search, '2026-12-03')).toEqual({ period: { from: '2026-11-01', to: '2026-11-30' }, by: 'category', print: false });
    expect(new URLSearchParams(search).get('as')).toBe('station');
    expect(readQuery('?from=2026-11-30&to=2026-11-01', '2026-12-03').period).toEqual({ from: '2026-11-27', to: '2026-12-03' });
    expect(readQuery(printQuery(search, { from: '2026-12-02', to: '2026-12-02' }), '2026-12-03')).toMatchObject({ print: true, period: { from: '2026-12-02', to: '2026-12-02' } });
  });
});
