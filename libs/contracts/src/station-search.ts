/**
 * The station's search over every case it handed over (#12): by number (the 110 number or the hub's),
 * address or caller's name, filtered by state, closure, category, Beijing-time days and breach.
 * The caller's phone stays masked in the answer, as in every station view, and is not searchable.
 */
import type { Category, Closure } from './vocabulary';
import { INCIDENT_STATES } from './vocabulary';
import type { IncidentView } from './views';

/** 'open': every state but closed; otherwise one state of the lifecycle. */
export const STATION_STATE_FILTERS = ['open', ...INCIDENT_STATES] as const;
export type StationStateFilter = (typeof STATION_STATE_FILTERS)[number];

export const STATION_SEARCH_LIMIT_DEFAULT = 50;
export const STATION_SEARCH_LIMIT_MAX = 200;
/** Longest search text accepted; a 110 number is at most 40 characters. */
export const STATION_SEARCH_Q_MAX = 100;

export interface StationSearchQuery {
  /** Part of the case number (110's or ours, also of a report linked to the case), the address or the caller's name. */
  q?: string;
  state?: StationStateFilter;
  closure?: Closure;
  category?: Category;
  /** First day received, YYYY-MM-DD in Asia/Shanghai. */
  from?: string;
  /** Last day received (inclusive), YYYY-MM-DD in Asia/Shanghai. */
  to?: string;
  /** true: a 1-3-8 stage missed its deadline (late or still running past it); false: none did. */
  breached?: boolean;
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

/** One page, newest received first. */
export interface StationSearchPage {
  items: IncidentView[];
  /** Pass as `cursor` for the next (older) page; null on the last one. */
  nextCursor: string | null;
}

export const STATION_API = {
  incidents: '/api/station/incidents',
  /** The search as a URL; absent and empty values are left out. */
  search: (query: StationSearchQuery) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query) as [string, string | number | boolean | undefined][]) {
      if (value !== undefined && value !== '') params.set(key, String(value));
    }
    const text = params.toString();
    return text ? `/api/station/incidents?${text}` : '/api/station/incidents';
  },
} as const;
