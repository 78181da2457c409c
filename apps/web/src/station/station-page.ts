/** The police station's view: every case it handed over, how fast each 1-3-8 stage went, and the result. */
import { API, STATION_API, type IncidentView, type StationSearchPage, type StationSearchQuery, type TownshipView } from '@xiaonao/contracts';
import { createApiClient, errorText } from '../shared/api-client';
import { CatchUp, MissedAlarms } from '../shared/catch-up';
import { connectionBadge } from '../shared/connection-badge';
import { refreshClockChips } from '../shared/clock-chips';
import { byId, h } from '../shared/dom';
import { formatWallClock } from '../shared/format-time';
import { applyStaticText, mountLocaleToggle, onLocaleChange, t, type TextKey } from '../shared/i18n';
import { serverNow } from '../shared/server-clock';
import { logout, requireSession, sessionExpired } from '../shared/session';
import { connectHub } from '../shared/socket';
import { everySecond } from '../shared/ticker';
import { showClockAlert, showToast } from '../shared/toast';
import { CaseDrawer } from './case-drawer';
import { HandbackSection } from './handback-section';
import { StationSearchBar } from './station-search';
import { renderTableHead, stationRow } from './station-table';
import { st } from './station-text';

const session = await requireSession('station');
const expire = () => sessionExpired('station');
const api = createApiClient(session, expire);
const incidents = new Map<string, IncidentView>();
const seen = new Set<string>();
let primed = false;
let township: TownshipView | null = null;

const rows = byId('station-rows');
const setOnline = connectionBadge(byId('conn'));
const wallClock = byId('wall-clock');
const returned = new HandbackSection(byId('station-returned'), api, session.user.stationId);
const drawer = new CaseDrawer(byId('case-drawer'), api);
const searchStatus = byId('station-search-status');

/** The hub's answer to the search bar; null while the bar is empty and the table follows the live list. */
let results: { query: StationSearchQuery; items: IncidentView[]; nextCursor: string | null } | null = null;
let searchSeq = 0;
let searching = false;
const searchBar = new StationSearchBar(byId('station-search-bar'), (query) => report(runSearch(query)));

applyStaticText();
mountLocaleToggle(byId<HTMLButtonElement>('locale'));
byId('user-name').textContent = session.user.displayName;
byId('logout').addEventListener('click', () => logout('station'));

function shownList(): IncidentView[] {
  if (results) return results.items;
  return [...incidents.values()].sort((a, b) => Date.parse(b.receivedAt) - Date.parse(a.receivedAt));
}

function render(): void {
  const list = shownList();
  renderTableHead(byId('station-thead'));
  rows.replaceChildren(
    ...list.map((incident) => {
      const row = stationRow(incident, primed && !seen.has(incident.id));
      seen.add(incident.id);
      return row;
    }),
  );
  primed = true;
  const empty = byId('station-empty');
  empty.hidden = list.length > 0 || searching;
  empty.textContent = results ? st('noResults') : t('noStationCases');
  renderStats(list);
  renderSearchStatus();
  refreshClockChips(rows, serverNow());
}

function renderSearchStatus(): void {
  if (searching) {
    searchStatus.replaceChildren(st('searching'));
    return;
  }
  if (!results) {
    searchStatus.replaceChildren(st('liveHint'));
    return;
  }
  const more = results.nextCursor;
  const count = h('span', { 'data-testid': 'search-count', 'data-count': String(results.items.length) }, st(more ? 'resultCountMore' : 'resultCount', { n: results.items.length }));
  const button = more ? h('button', { class: 'btn btn-ghost', type: 'button', 'data-testid': 'load-more' }, st('loadMore')) : null;
  button?.addEventListener('click', () => report(loadMore()));
  searchStatus.replaceChildren(count, button ?? '');
}

/** Asks the hub for the first page of a query; an empty bar goes back to the live list. */
async function runSearch(query: StationSearchQuery): Promise<void> {
  const seq = ++searchSeq;
  if (!searchBar.active) {
    results = null;
    searching = false;
    render();
    return;
  }
  searching = true;
  render();
  try {
    const page = await api.get<StationSearchPage>(STATION_API.search(query));
    if (seq !== searchSeq) return;
    results = { query, items: page.items, nextCursor: page.nextCursor };
  } finally {
    if (seq === searchSeq) {
      searching = false;
      render();
    }
  }
}

async function loadMore(): Promise<void> {
  const current = results;
  if (!current?.nextCursor) return;
  const seq = searchSeq;
  const page = await api.get<StationSearchPage>(STATION_API.search({ ...current.query, cursor: current.nextCursor }));
  if (seq !== searchSeq || results !== current) return;
  const known = new Set(current.items.map((i) => i.id));
  results = { query: current.query, items: [...current.items, ...page.items.filter((i) => !known.has(i.id))], nextCursor: page.nextCursor };
  render();
}

function renderStats(list: IncidentView[]): void {
  const closed = list.filter((i) => i.state === 'closed').length;
  const finished = list.filter((i) => i.clocks.every((c) => c.doneAt !== null));
  const onTime = finished.filter((i) => i.clocks.every((c) => c.status === 'met')).length;
  const stat = (key: TextKey, value: string) => h('div', { class: 'stat' }, h('span', { class: 'stat-value num' }, value), h('span', { class: 'stat-label' }, t(key)));
  byId('station-stats').replaceChildren(
    stat('total', String(list.length)),
    stat('open', String(list.length - closed)),
    stat('closed', String(closed)),
    stat('onTime', finished.length ? `${onTime}/${finished.length}` : '—'),
  );
}

function paintNames(): void {
  const station = township?.stations.find((s) => s.id === session.user.stationId);
  byId('station-name').textContent = station?.name ?? session.user.displayName;
  byId('township-name').textContent = township ? `→ ${township.name}` : '';
  if (station) document.title = `${station.name} · 小脑`;
}

function upsert(incident: IncidentView): void {
  const known = incidents.get(incident.id);
  if (known && Date.parse(known.updatedAt) > Date.parse(incident.updatedAt)) return;
  incidents.set(incident.id, incident);
  // A search shows what the hub answered; a case in it is kept up to date, others wait for the next search.
  if (results) {
    const at = results.items.findIndex((i) => i.id === incident.id);
    if (at >= 0 && Date.parse(results.items[at].updatedAt) <= Date.parse(incident.updatedAt)) results.items[at] = incident;
  }
  drawer.changed(incident);
  render();
}

/** Every case upsert: the table, and 「退回我所」 when it is a return to this station. */
function upsertCase(incident: IncidentView): void {
  upsert(incident);
  returned.upsert(incident);
}

async function loadCases(): Promise<void> {
  // 「退回我所」 is read beside the table, so a reload after a drop brings both up to date.
  const returns = returned.load();
  const list = await api.get<IncidentView[]>(API.incidents);
  incidents.clear();
  for (const incident of list) incidents.set(incident.id, incident);
  render();
  await returns;
  // After a reconnect the hub's answer to a search may have changed too.
  if (results) await runSearch(results.query);
}

async function loadTownship(): Promise<void> {
  township = await api.get<TownshipView>(API.township);
  paintNames();
}

function report(promise: Promise<void>): void {
  promise.catch((e: unknown) => showToast(errorText(e), 'error'));
}

rows.addEventListener('click', (e) => {
  const row = e.target instanceof Element ? e.target.closest<HTMLElement>('tr[data-id]') : null;
  const incident = row ? shownList().find((i) => i.id === row.dataset.id) : undefined;
  if (incident) drawer.open(incident);
});

paintNames();
searchBar.render();
render();
returned.render();
// The names are a nicety; the table works without them.
loadTownship().catch(() => undefined);
onLocaleChange(() => {
  wallClock.textContent = formatWallClock(new Date());
  searchBar.render();
  render();
  returned.render();
  drawer.rerender();
});
everySecond((now) => {
  wallClock.textContent = formatWallClock(new Date(now));
  refreshClockChips(rows, now);
  drawer.tick(now);
});

const socket = connectHub(session, {
  onConnect: () => {
    setOnline(true);
    report(catchUp.reconnected());
  },
  onDisconnect: () => {
    setOnline(false);
  },
  onUnauthorized: expire,
});
// Alarms that came through catch-up wait behind one button instead of a burst of toasts.
const missedAlarms = new MissedAlarms();
const catchUp = new CatchUp({
  page: 'station',
  userId: session.user.id,
  api,
  socket,
  reload: loadCases,
  handlers: {
    'incident.upserted': upsertCase,
    'clock.alert': (alert, missed) => (missed ? missedAlarms.add(alert) : showClockAlert(alert)),
  },
});
report(catchUp.start());
