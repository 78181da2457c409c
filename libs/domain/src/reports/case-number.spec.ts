import { describe, expect, it } from 'vitest';
import { CASE_NO_PREFIXES, doorCaseNo, shanghaiDay } from './case-number';

describe('case numbers of the operator and patrol doors', () => {
  it('numbers by door, Shanghai day and sequence', () => {
    expect(doorCaseNo(CASE_NO_PREFIXES.operator, '20261121', 7)).toBe('ZH-20261121-0007');
    expect(doorCaseNo(CASE_NO_PREFIXES.patrol, '20261121', 12345)).toBe('XC-20261121-12345');
  });

  it('counts the day in Asia/Shanghai, not UTC', () => {
    // 00:30 in Beijing on the 21st is 16:30 UTC on the 20th.
    expect(shanghaiDay(new Date('2026-11-20T16:30:00Z'))).toBe('20261121');
    expect(shanghaiDay(new Date('2026-11-20T15:59:59Z'))).toBe('20261120');
    expect(shanghaiDay(new Date('2026-12-31T16:00:00Z'))).toBe('20270101');
  });

  it('refuses a sequence that is not a positive integer', () => {
    expect(() => doorCaseNo('ZH', '20261121', 0)).toThrow(RangeError);
    expect(() => doorCaseNo('ZH', '20261121', 1.5)).toThrow(RangeError);
  });
});
