/**
 * A position older than STALE_POSITION_SECONDS is stale: the dispatcher ranks such a worker last, and the
 * console draws them hollow. The age is the hub's default (STALE_POSITION_SECONDS, 120 s); the recommendation
 * itself carries the hub's own verdict per candidate.
 */
import type { WorkerView } from '@xiaonao/contracts';
import { DEFAULT_DISPATCH_POLICY } from '@xiaonao/domain';
import { t } from '../shared/i18n';

export const STALE_POSITION_SECONDS = DEFAULT_DISPATCH_POLICY.staleAfterSeconds;

/** Only on-duty workers are judged: off duty, the phone stops reporting and nobody is dispatched anyway. */
export function isStale(worker: WorkerView, now: number): boolean {
  if (!worker.onDuty || !worker.location) return false;
  if (!worker.positionAt) return true;
  return now - Date.parse(worker.positionAt) > STALE_POSITION_SECONDS * 1000;
}

/** 「定位过时（3 分钟前）」 */
export function staleText(worker: WorkerView, now: number): string {
  if (!worker.positionAt) return t('staleNoFix');
  const minutes = Math.max(0, Math.floor((now - Date.parse(worker.positionAt)) / 60_000));
  return t('staleMinutesAgo').replace('{n}', String(minutes));
}
