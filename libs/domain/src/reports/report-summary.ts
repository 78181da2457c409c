/** What an operator sees of a case's reports at a glance, and which of them may be split off. */
import type { IncidentSource, ReportRole } from '@xiaonao/contracts';
import { DomainError } from '../errors';

export interface ReportFacts {
  source: IncidentSource;
  role: ReportRole;
  receivedAt: Date;
}

export interface ReportSummary {
  count: number;
  /** Each door once, in the order it first brought a report. */
  sources: IncidentSource[];
}

export function summarizeReports(reports: readonly ReportFacts[]): ReportSummary {
  const ordered = [...reports].sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
  return { count: reports.length, sources: [...new Set(ordered.map((r) => r.source))] };
}

/**
 * Only a linked report can be split off: the first report is the case itself (its caller, address and
 * receipt), and taking it away would leave the case describing nothing.
 */
export function assertSplittable(role: ReportRole): void {
  if (role === 'origin') {
    throw new DomainError('ILLEGAL_TRANSITION', 'reportId：这是事件的首报，不能拆分；请拆分关联的报告', 'reportId: this is the report the case was made from; split a linked report instead', 'reportId');
  }
}
