/** The police station's view: every case it handed over, how fast each 1-3-8 stage went, and the result. */
import { API, type IncidentView, type TownshipView } from '@xiaonao/contracts';
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
import { HandbackSection } from './handback-section';
import { renderTableHead, stationRow } from './station-table';

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

applyStaticText();
mountLocaleToggle(byId<HTMLButtonElement>('locale'));
byId('user-name').textContent = session.user.displayName;
byId('logout').addEventListener('click', () => logout('station'));

function render(): void {
  const list = [...incidents.values()].sort((a, b) => Date.parse(b.receivedAt) - Date.parse(a.receivedAt));
  renderTableHead(byId('station-thead'));
  rows.replaceChildren(
    ...list.map((incident) => {
      const row = stationRow(incident, primed && !seen.has(incident.id));
      seen.add(incident.id);
      return row;
    }),
  );
  primed = true;
  byId('station-empty').hidden = list.length > 0;
  renderStats(list);
  refreshClockChips(rows, serverNow());
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
}

async function loadTownship(): Promise<void> {
  township = await api.get<TownshipView>(API.township);
  paintNames();
}

function report(promise: Promise<void>): void {
  promise.catch((e: unknown) => showToast(errorText(e), 'error'));
}

paintNames();
render();
returned.render();
// The names are a nicety; the table works without them.
loadTownship().catch(() => undefined);
onLocaleChange(() => {
  wallClock.textContent = formatWallClock(new Date());
  render();
  returned.render();
});
everySecond((now) => {
  wallClock.textContent = formatWallClock(new Date(now));
  refreshClockChips(rows, now);
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
