import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import { assertSplittable, summarizeReports, type ReportFacts } from './report-summary';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 21, 1, minute));
const newReport = (overrides: Partial<ReportFacts> = {}): ReportFacts => ({ source: '110', role: 'linked', receivedAt: at(0), ...overrides });

describe('a case’s reports at a glance', () => {
  it('counts every report and names each door once, in the order it first reported', () => {
    const summary = summarizeReports([
      newReport({ source: 'operator', receivedAt: at(9) }),
      newReport({ source: 'camera', role: 'origin', receivedAt: at(1) }),
      newReport({ source: '110', receivedAt: at(5) }),
      newReport({ source: 'camera', receivedAt: at(7) }),
    ]);
    expect(summary).toEqual({ count: 4, sources: ['camera', '110', 'operator'] });
  });

  it('is empty for a case made before reports were kept', () => {
    expect(summarizeReports([])).toEqual({ count: 0, sources: [] });
  });
});

describe('splitting a report off', () => {
  it('allows a linked report', () => {
    expect(() => assertSplittable('linked')).not.toThrow();
  });

  it('refuses the report the case was made from, naming reportId', () => {
    try {
      assertSplittable('origin');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code: 'ILLEGAL_TRANSITION', field: 'reportId' });
      expect((error as DomainError).message).toContain('首报');
    }
  });
});
