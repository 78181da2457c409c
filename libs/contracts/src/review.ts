/**
 * 研判 (the daily review): 1-3-8 rates by grid, worker, category, source and station; trends by hour
 * and weekday; repeat places and callers; the slowest cases; a heat map; and the monthly 网格指数
 * (grid index) with its colour band. Every answer is scoped: an operator or a township leader sees
 * the township, a station only the cases it handed over. Periods are Beijing days, both ends included.
 */
import type { Labels } from './vocabulary';

/** What a rates table is broken down by. */
export const REVIEW_DIMENSIONS = ['grid', 'worker', 'category', 'source', 'station'] as const;
export type ReviewDimension = (typeof REVIEW_DIMENSIONS)[number];

export const REVIEW_DIMENSION_LABELS: Labels<ReviewDimension> = {
  grid: { zh: '网格', en: 'Grid' },
  worker: { zh: '网格员', en: 'Worker' },
  category: { zh: '类别', en: 'Category' },
  source: { zh: '来源', en: 'Source' },
  station: { zh: '派出所', en: 'Police station' },
};

/** The tables the review exports as CSV. */
export const REVIEW_TABLES = ['rates', 'trends', 'repeat-places', 'repeat-callers', 'slowest', 'heatmap', 'grid-index'] as const;
export type ReviewTable = (typeof REVIEW_TABLES)[number];

/** 绿 蓝 橙 红, best first. */
export const GRID_BANDS = ['green', 'blue', 'orange', 'red'] as const;
export type GridBand = (typeof GRID_BANDS)[number];

export const GRID_BAND_LABELS: Labels<GridBand> = {
  green: { zh: '绿', en: 'Green' },
  blue: { zh: '蓝', en: 'Blue' },
  orange: { zh: '橙', en: 'Orange' },
  red: { zh: '红', en: 'Red' },
};

/** The counts a roll-up keeps for any slice of cases. */
export interface ReviewCounts {
  cases: number;
  /** Cases whose accept stage was decided (accepted, or its deadline breached), and those accepted in time. */
  acceptDue: number;
  acceptInTime: number;
  contactDue: number;
  contactInTime: number;
  arriveDue: number;
  arriveInTime: number;
  /** Cases with at least one stage breached or done late. */
  breached: number;
  closed: number;
  closedResolved: number;
  closedReturned: number;
  closedHanded: number;
  closedDismissed: number;
  /** Recorded 回访: satisfied, basically satisfied, not satisfied. */
  followUpSatisfied: number;
  followUpBasic: number;
  followUpUnsatisfied: number;
}

/** Shares 0..1, null where nothing was due. */
export interface ReviewRates {
  accept: number | null;
  contact: number | null;
  arrive: number | null;
  /** All three stages together (in time / due, summed over stages). */
  all138: number | null;
  /** (satisfied + basically satisfied) / recorded 回访. */
  satisfaction: number | null;
}

export interface ReviewPeriod {
  /** YYYY-MM-DD, Beijing day, included. */
  from: string;
  to: string;
}

export interface ReviewRow {
  key: string;
  label: string;
  counts: ReviewCounts;
  rates: ReviewRates;
}

export interface ReviewRatesView {
  period: ReviewPeriod;
  by: ReviewDimension;
  rows: ReviewRow[];
  total: ReviewRow;
}

export interface ReviewTrendsView {
  period: ReviewPeriod;
  /** 24 rows, hour 0..23 (Beijing). */
  byHour: ReviewRow[];
  /** 7 rows, Monday (1) .. Sunday (7). */
  byWeekday: ReviewRow[];
}

export interface RepeatPlace {
  /** The address as written (address mode) or the cluster's centre (radius mode). */
  address: string;
  lng: number;
  lat: number;
  gridId: string | null;
  /** Cases over the whole period. */
  cases: number;
  /** The most cases in any window of `days` days. */
  peak: number;
  firstDay: string;
  lastDay: string;
}

export interface RepeatPlacesView {
  period: ReviewPeriod;
  mode: 'address' | 'radius';
  minCases: number;
  days: number;
  radiusM: number;
  places: RepeatPlace[];
}

export interface RepeatCaller {
  /** Always masked (139****2345). */
  phone: string;
  cases: number;
  peak: number;
  firstDay: string;
  lastDay: string;
}

export interface RepeatCallersView {
  period: ReviewPeriod;
  minCases: number;
  days: number;
  callers: RepeatCaller[];
}

export interface SlowCase {
  id: string;
  caseNo: string;
  receivedAt: string;
  category: string;
  gridId: string | null;
  workerId: string | null;
  /** Seconds from receipt; null where the stage was never done. */
  acceptSeconds: number | null;
  contactSeconds: number | null;
  arriveSeconds: number | null;
  closedSeconds: number | null;
}

export interface SlowestView {
  period: ReviewPeriod;
  cases: SlowCase[];
}

export interface HeatPoint {
  lng: number;
  lat: number;
  weight: number;
}

export interface HeatmapView {
  period: ReviewPeriod;
  cellM: number;
  points: HeatPoint[];
}

/** The 网格指数 formula, per township (docs/review.md). */
export interface GridIndexSettings {
  weights: {
    accept: number;
    contact: number;
    arrive: number;
    volume: number;
    repeats: number;
    satisfaction: number;
  };
  /** Score thresholds 0..100: at least `green` is 绿, at least `blue` 蓝, at least `orange` 橙, below 红. */
  bands: { green: number; blue: number; orange: number };
  /** Cases per 1,000 residents a month at which the volume term reaches 0. */
  volumeCeilingPer1000: number;
  /** A repeat place: at least `minCases` cases at one address within `days` days. */
  repeatMinCases: number;
  repeatDays: number;
  /** Residents per grid, by grid code (without it a grid's volume term is left out). */
  residents: Record<string, number>;
}

export interface GridIndexInputs {
  cases: number;
  residents: number | null;
  casesPer1000: number | null;
  repeatCases: number;
  rates: ReviewRates;
}

export interface GridIndexRow {
  gridId: string;
  gridCode: string;
  gridName: string;
  inputs: GridIndexInputs;
  /** Each term 0..1, null where it had no input. */
  terms: { accept: number | null; contact: number | null; arrive: number | null; volume: number | null; repeats: number | null; satisfaction: number | null };
  /** 0..100, null when no term had input. */
  score: number | null;
  band: GridBand | null;
}

export interface GridIndexView {
  /** YYYY-MM. */
  month: string;
  settings: GridIndexSettings;
  rows: GridIndexRow[];
}

export const REVIEW_API = {
  rates: '/api/review/rates',
  trends: '/api/review/trends',
  repeatPlaces: '/api/review/repeat-places',
  repeatCallers: '/api/review/repeat-callers',
  slowest: '/api/review/slowest',
  heatmap: '/api/review/heatmap',
  gridIndex: '/api/review/grid-index',
  settings: '/api/review/settings',
  /** `?table=rates&…`: each table above as CSV (UTF-8 with BOM). */
  export: '/api/review/export',
} as const;
