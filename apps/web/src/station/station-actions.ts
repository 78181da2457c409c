/**
 * What the station page asks the hub and what it does with the answers and the socket's news: every
 * write to the store (station-store.ts) happens here, none in a component.
 */
import { batch } from '@preact/signals';
import { API, HANDBACK_API, STATION_API, type IncidentDetailView, type IncidentView, type StationSearchPage, type StationSearchQuery, type TownshipView } from '@xiaonao/contracts';
import type { TimelineVerdict } from '@xiaonao/domain';
import { errorText, type ApiClient } from '../shared/api-client';
import { locale } from '../shared/i18n';
import { showToast } from '../shared/toast';
import { casesLoaded, incidents, isStale, openCase, results, returned, returnedLoaded, searching, signing, township } from './station-store';

const RETURN_TOAST = { zh: '新退回事件', en: 'A case was returned' } as const;

export type StationActions = ReturnType<typeof stationActions>;

export function stationActions(api: ApiClient, stationId: string | null) {
  let searchSeq = 0;
  let detailSeq = 0;

  /** Asks the hub for the first page of a query; null (an empty bar) goes back to the live list. */
  async function search(query: StationSearchQuery | null): Promise<void> {
    const seq = ++searchSeq;
    if (!query) {
      batch(() => {
        results.value = null;
        searching.value = false;
      });
      return;
    }
    searching.value = true;
    try {
      const page = await api.get<StationSearchPage>(STATION_API.search(query));
      if (seq === searchSeq) results.value = { query, ...page };
    } finally {
      if (seq === searchSeq) searching.value = false;
    }
  }

  async function loadMore(): Promise<void> {
    const current = results.value;
    if (!current?.nextCursor) return;
    const seq = searchSeq;
    const page = await api.get<StationSearchPage>(STATION_API.search({ ...current.query, cursor: current.nextCursor }));
    if (seq !== searchSeq || results.value !== current) return;
    const known = new Set(current.items.map((i) => i.id));
    results.value = { query: current.query, items: [...current.items, ...page.items.filter((i) => !known.has(i.id))], nextCursor: page.nextCursor };
  }

  /** The hub's list of returns, afresh (at start and after a reconnect's reload). */
  async function loadReturned(): Promise<void> {
    const list = await api.get<IncidentView[]>(HANDBACK_API.stationReturned);
    batch(() => {
      returned.value = new Map(list.map((i) => [i.id, i]));
      returnedLoaded.value = true;
    });
  }

  /** The whole state from REST, as at start; catch-up calls it when its log no longer reaches back. */
  async function loadCases(): Promise<void> {
    // 「退回我所」 is read beside the table, so a reload after a drop brings both up to date.
    const returns = loadReturned();
    const list = await api.get<IncidentView[]>(API.incidents);
    batch(() => {
      incidents.value = new Map(list.map((i) => [i.id, i]));
      casesLoaded.value = true;
    });
    await returns;
    // After a reconnect the hub's answer to a search may have changed too.
    const current = results.value;
    if (current) await search(current.query);
  }

  async function loadTownship(): Promise<void> {
    township.value = await api.get<TownshipView>(API.township);
  }

  function upsertReturned(incident: IncidentView): void {
    if (incident.handback?.target !== 'police' || (stationId && incident.station?.id !== stationId)) return;
    const known = returned.value.get(incident.id);
    if (isStale(known, incident)) return;
    if (!known) showToast(`${RETURN_TOAST[locale()]} · ${incident.caseNo}`, 'at_risk');
    returned.value = new Map(returned.value).set(incident.id, incident);
  }

  /** A case upsert (socket or catch-up): the table, the search's answer, the drawer and 「退回我所」. */
  function upsertCase(incident: IncidentView): void {
    upsertReturned(incident);
    if (isStale(incidents.value.get(incident.id), incident)) return;
    batch(() => {
      incidents.value = new Map(incidents.value).set(incident.id, incident);
      // A search shows what the hub answered; a case in it is kept up to date, others wait for the next search.
      const current = results.value;
      const at = current ? current.items.findIndex((i) => i.id === incident.id) : -1;
      if (current && at >= 0 && !isStale(current.items[at], incident)) results.value = { ...current, items: current.items.with(at, incident) };
    });
    // The open case changed: its detail and verdict are read again.
    if (openCase.value?.incident.id === incident.id) void fetchDetail(incident.id);
  }

  async function fetchDetail(id: string): Promise<void> {
    const seq = ++detailSeq;
    // Asked alongside the detail; a check that fails to answer must not hide the timeline.
    const verdict = api.get<TimelineVerdict>(API.timelineVerify(id)).catch((): 'unavailable' => 'unavailable');
    try {
      const detail = await api.get<IncidentDetailView>(API.incident(id));
      const checked = await verdict;
      const shown = openCase.value;
      if (seq !== detailSeq || !shown) return;
      openCase.value = { ...shown, detail, verdict: checked, error: null };
    } catch (e) {
      const shown = openCase.value;
      if (seq !== detailSeq || !shown) return;
      openCase.value = { ...shown, error: errorText(e) };
    }
  }

  function open(incident: IncidentView): void {
    openCase.value = { incident, detail: null, verdict: null, error: null };
    void fetchDetail(incident.id);
  }

  function close(): void {
    detailSeq++;
    openCase.value = null;
  }

  /** 签收 of a return: the hub's answer is the new state; the button waits until it is in. */
  async function sign(incident: IncidentView): Promise<void> {
    signing.value = new Set(signing.value).add(incident.id);
    try {
      upsertReturned(await api.post<IncidentView>(HANDBACK_API.acknowledge(incident.id)));
    } catch (e) {
      showToast(errorText(e), 'error');
    } finally {
      const rest = new Set(signing.value);
      rest.delete(incident.id);
      signing.value = rest;
    }
  }

  return { search, loadMore, loadCases, loadTownship, upsertCase, open, close, sign };
}
