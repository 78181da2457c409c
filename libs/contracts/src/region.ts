/**
 * The district view (区/市指挥中心, #13): a region account (admin or district) sees the townships under
 * its region and nothing else — a tree of regions, each township's 1-3-8 rates today and over a period,
 * its open and breached cases, a map of every open case and on-duty worker, and each case read-only.
 * Regions nest as deep as needed (city → district → …): the levels are data (docs/regions.md).
 */
import type { LngLat } from './geo';
import type { MapTileSource } from './map-tiles';
import type { ReviewCounts, ReviewPeriod, ReviewRates } from './review';
import type { IncidentView } from './views';
import type { Team, WorkerStatus } from './vocabulary';

export const REGION_API = {
  /** GET ?from&to (Beijing days, as the review's): the region tree, and per township its rates and open cases. */
  overview: '/api/region/overview',
  /** GET: every open case and every on-duty worker's last position in the townships under the region. */
  map: '/api/region/map',
  /** GET: one case with its timeline, read-only, caller number masked; 404 unless its township is under the region. */
  incident: (id: string) => `/api/region/incidents/${id}`,
} as const;

/** A region: 市, 区, or whatever level a deployment names (`kind` is a free label). */
export interface RegionNodeView {
  id: string;
  code: string;
  name: string;
  kind: string;
  /** null for the account's own region (its parent, where there is one, lies outside what it may see). */
  parentId: string | null;
}

/** Counts and rates of one township over some days, from the review roll-ups. */
export interface RegionRates {
  counts: ReviewCounts;
  rates: ReviewRates;
}

export interface RegionTownshipRow {
  id: string;
  code: string;
  name: string;
  /** The region the township lies in directly. */
  regionId: string;
  center: LngLat;
  today: RegionRates;
  period: RegionRates;
  /** Cases not closed now. */
  open: number;
  /** Open cases with a clock at risk (none breached). */
  openAtRisk: number;
  /** Open cases with at least one clock breached. */
  openBreached: number;
}

export interface RegionOverview {
  /** The account's own region first, then every region under it, parents before children. */
  regions: RegionNodeView[];
  townships: RegionTownshipRow[];
  /** Today (Beijing) and the period asked for (default: the last seven days). */
  today: ReviewPeriod;
  period: ReviewPeriod;
  /** Sums over every township. */
  total: { today: RegionRates; period: RegionRates; open: number; openAtRisk: number; openBreached: number };
}

/** A worker on the district map: where they last were, no track and no phone number. */
export interface RegionWorkerPin {
  id: string;
  townshipId: string;
  name: string;
  team: Team;
  status: WorkerStatus;
  /** WGS-84; null when the hub has no fix. */
  position: LngLat | null;
  positionAt: string | null;
}

export interface RegionMapView {
  /** The deployment's base map (a region spans townships, each of which may have set its own). */
  tiles: MapTileSource;
  /** Open cases, caller numbers masked; each names its township. */
  incidents: IncidentView[];
  workers: RegionWorkerPin[];
}
