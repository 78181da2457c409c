/**
 * The station page's state, one signal per fact, typed by the contracts. Components read these; the
 * socket and catch-up handlers and the REST answers (station-actions.ts) write them.
 */
import { computed, signal } from '@preact/signals';
import type { IncidentDetailView, IncidentView, StationSearchPage, StationSearchQuery, TownshipView } from '@xiaonao/contracts';
import type { TimelineVerdict } from '@xiaonao/domain';

/** The hub's answer to the search bar, with the query it answers (for 「加载更多」 and a reconnect). */
export interface SearchResults extends StationSearchPage {
  query: StationSearchQuery;
}

/** The case open in the drawer: the row clicked, then the hub's detail and its verdict on the timeline. */
export interface OpenCase {
  incident: IncidentView;
  detail: IncidentDetailView | null;
  /** null while asked; 'unavailable' when the check did not answer. */
  verdict: TimelineVerdict | 'unavailable' | null;
  error: string | null;
}

// The hub's time, the language and the socket's state are the shared page signals (shared/ui/page-signals.ts).
export { now, lang, online, useLanguage } from '../shared/ui/page-signals';
export const township = signal<TownshipView | null>(null);

/** The live list: the station's open cases and those closed in the last 24 h, by id. */
export const incidents = signal<ReadonlyMap<string, IncidentView>>(new Map());
/** The first load of the live list is in: rows arriving after it are marked new. */
export const casesLoaded = signal(false);
/** null while the search bar is empty and the table follows the live list. */
export const results = signal<SearchResults | null>(null);
export const searching = signal(false);

/** 「退回我所」: cases the township returned to this station, by id. */
export const returned = signal<ReadonlyMap<string, IncidentView>>(new Map());
export const returnedLoaded = signal(false);
/** Returns whose 签收 is on its way to the hub. */
export const signing = signal<ReadonlySet<string>>(new Set());

export const openCase = signal<OpenCase | null>(null);

const newestFirst = (a: IncidentView, b: IncidentView) => Date.parse(b.receivedAt) - Date.parse(a.receivedAt);

/** What the table shows: the hub's answer to a search, or else the live list, newest first. */
export const shownCases = computed(() => results.value?.items ?? [...incidents.value.values()].sort(newestFirst));

/** Returns, latest hand-back first. */
export const returnedCases = computed(() =>
  [...returned.value.values()].sort((a, b) => Date.parse(b.handback?.at ?? '') - Date.parse(a.handback?.at ?? '')),
);

/** An update older than the one already held is dropped (a catch-up may replay what a live event brought). */
export function isStale(known: IncidentView | undefined, incoming: IncidentView): boolean {
  return known !== undefined && Date.parse(known.updatedAt) > Date.parse(incoming.updatedAt);
}
