/**
 * Whether a new report is one more report of an event already open (three callers about one quarrel,
 * a camera and a caller about one blocked lane): the same category, close in place to the incident's
 * site, and close in time to the incident's latest report. Reports whose point is a guess (a weak
 * address match awaiting an operator) neither link nor attract links: a guessed point would merge
 * events that only look alike.
 */
import type { Category, IncidentState, LngLat } from '@xiaonao/contracts';
import type { Bounds } from '../geo/bounds';
import { distanceMeters } from '../geo/coordinates';

export interface LinkRules {
  /** Farthest a report may lie from the incident's site; 0 turns linking off. */
  radiusM: number;
  /** Longest gap between the report and the incident's latest report; 0 turns linking off. */
  windowMs: number;
}

export const DEFAULT_LINK_RULES: LinkRules = { radiusM: 150, windowMs: 30 * 60_000 };

export interface IncomingReport {
  category: Category;
  site: LngLat;
  receivedAt: Date;
  /** Placed from a weak gazetteer match that an operator has yet to confirm. */
  pointUncertain: boolean;
}

export interface LinkCandidate {
  id: string;
  category: Category;
  state: IncidentState;
  site: LngLat;
  /** When the incident's newest report (or the incident itself) was received. */
  lastReportAt: Date;
  pointUncertain: boolean;
}

export interface LinkChoice {
  incidentId: string;
  /** Metres from the incident's site, rounded. */
  distanceM: number;
}

const METRES_PER_DEGREE_LAT = 111_195;

export function linkingEnabled(rules: LinkRules): boolean {
  return rules.radiusM > 0 && rules.windowMs > 0;
}

/** Whether this report may join an open incident at all. */
export function mayLink(report: IncomingReport, rules: LinkRules): boolean {
  return linkingEnabled(rules) && !report.pointUncertain;
}

/**
 * A box that holds every point within `radiusM` of `site`, a little generous, for the database to
 * narrow the candidates before the exact distance is measured here.
 */
export function linkSearchBox(site: LngLat, radiusM: number): Bounds {
  const margin = radiusM * 1.05;
  const dLat = margin / METRES_PER_DEGREE_LAT;
  const dLng = margin / (METRES_PER_DEGREE_LAT * Math.max(Math.cos((site.lat * Math.PI) / 180), 0.01));
  return { minLng: site.lng - dLng, minLat: site.lat - dLat, maxLng: site.lng + dLng, maxLat: site.lat + dLat };
}

/**
 * The cells of a fixed grid that `linkSearchBox` touches, sorted: the locks a link decision takes. Two
 * reports that could join each other (each within the radius of the other's site) both lock the cell of
 * the later one's site, so one decides after the other has written; reports far apart lock other cells
 * and decide at once. Cells are twice the box high and, at 60°, as wide: one to four cells in China.
 */
export function linkLockCells(site: LngLat, radiusM: number): string[] {
  const box = linkSearchBox(site, radiusM);
  const cellLat = (2 * radiusM * 1.05) / METRES_PER_DEGREE_LAT;
  const cellLng = cellLat / Math.cos(Math.PI / 3);
  const cells: string[] = [];
  for (let x = Math.floor(box.minLng / cellLng); x <= Math.floor(box.maxLng / cellLng); x++) {
    for (let y = Math.floor(box.minLat / cellLat); y <= Math.floor(box.maxLat / cellLat); y++) cells.push(`${x}:${y}`);
  }
  return cells.sort();
}

/**
 * The open incident this report belongs to, or null for a case of its own: the nearest of the
 * eligible incidents; at equal distance the one reported most recently, then the lowest id, so that
 * the choice never depends on the order the database returned them in.
 */
export function linkTarget(report: IncomingReport, candidates: readonly LinkCandidate[], rules: LinkRules = DEFAULT_LINK_RULES): LinkChoice | null {
  if (!mayLink(report, rules)) return null;
  let best: { candidate: LinkCandidate; distanceM: number } | null = null;
  for (const candidate of candidates) {
    if (candidate.state === 'closed' || candidate.category !== report.category || candidate.pointUncertain) continue;
    if (Math.abs(report.receivedAt.getTime() - candidate.lastReportAt.getTime()) > rules.windowMs) continue;
    const distanceM = distanceMeters(report.site, candidate.site);
    if (!(distanceM <= rules.radiusM)) continue;
    if (!best || closer({ candidate, distanceM }, best)) best = { candidate, distanceM };
  }
  return best ? { incidentId: best.candidate.id, distanceM: Math.round(best.distanceM) } : null;
}

function closer(a: { candidate: LinkCandidate; distanceM: number }, b: { candidate: LinkCandidate; distanceM: number }): boolean {
  if (a.distanceM !== b.distanceM) return a.distanceM < b.distanceM;
  const at = a.candidate.lastReportAt.getTime() - b.candidate.lastReportAt.getTime();
  if (at !== 0) return at > 0;
  return a.candidate.id < b.candidate.id;
}
