/**
 * The demo township's responsibility table (权责清单): which teams answer which category, how urgent
 * it is, and whether the hub dispatches on its own or waits for the command room to confirm.
 * Police matters are marked police-only: intake refuses them back to 110. Routine categories (noise,
 * stray animals, other) may queue on a busy worker rather than wait; urgent ones cascade on a 15 s
 * offer window so that two silent workers still leave time inside the 1-minute accept target.
 */
import type { TownshipSeed } from '@xiaonao/contracts';

export const HEZHUANG_RESPONSIBILITIES: NonNullable<TownshipSeed['responsibilities']> = [
  { category: 'dispute', teams: ['grid_worker', 'governance_grid_worker', 'mediator'], priority: 2, dispatchMode: 'auto', policeOnly: false },
  { category: 'noise', teams: ['grid_worker', 'governance_grid_worker', 'enforcement'], priority: 3, dispatchMode: 'auto', queueWhenBusy: true, policeOnly: false },
  { category: 'fire_hazard', teams: ['grid_worker', 'governance_grid_worker', 'enforcement'], priority: 1, dispatchMode: 'auto', offerWindowSeconds: 15, policeOnly: false },
  { category: 'blocked_passage', teams: ['grid_worker', 'governance_grid_worker', 'enforcement'], priority: 2, dispatchMode: 'auto', policeOnly: false },
  { category: 'stray_animal', teams: ['grid_worker', 'governance_grid_worker', 'volunteer'], priority: 3, dispatchMode: 'auto', queueWhenBusy: true, policeOnly: false },
  { category: 'elderly_help', teams: ['grid_worker', 'governance_grid_worker', 'volunteer'], priority: 1, dispatchMode: 'auto', offerWindowSeconds: 15, policeOnly: false },
  { category: 'water_leak', teams: ['grid_worker', 'governance_grid_worker'], priority: 2, dispatchMode: 'auto', policeOnly: false },
  { category: 'other', teams: [], priority: 3, dispatchMode: 'auto', queueWhenBusy: true, policeOnly: false },
  { category: 'theft', teams: [], priority: 1, dispatchMode: 'auto', policeOnly: true },
  { category: 'assault', teams: [], priority: 1, dispatchMode: 'auto', policeOnly: true },
  { category: 'traffic_accident', teams: [], priority: 1, dispatchMode: 'auto', policeOnly: true },
];
