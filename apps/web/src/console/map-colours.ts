/** Colours the map and its legend share. */
import type { GridKind, WorkerStatus, WorkerView } from '@xiaonao/contracts';

export const GRID_COLOURS: Record<GridKind, string> = {
  market_town: '#60a5fa',
  village: '#4ade80',
  dedicated: '#c084fc',
};

export const WORKER_COLOURS: Record<WorkerStatus | 'off_duty', string> = {
  available: '#22c55e',
  offered: '#38bdf8',
  busy: '#f97316',
  off_duty: '#64748b',
};

export function workerColour(worker: WorkerView): string {
  return worker.onDuty ? WORKER_COLOURS[worker.status] : WORKER_COLOURS.off_duty;
}
