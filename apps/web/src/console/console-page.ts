/** The operators' console: wires the store to the hub (REST + socket) and to the map, list and detail. */
import { API, SOCKET_EVENTS, type IncidentView, type TownshipView, type WorkerView } from '@xiaonao/contracts';
import { createApiClient, errorText } from '../shared/api-client';
import { CatchUp, MissedAlarms } from '../shared/catch-up';
import { connectionBadge } from '../shared/connection-badge';
import { byId } from '../shared/dom';
import { formatWallClock } from '../shared/format-time';
import { applyStaticText, mountLocaleToggle, onLocaleChange } from '../shared/i18n';
import { serverNow } from '../shared/server-clock';
import { logout, requireSession, sessionExpired } from '../shared/session';
import { connectHub } from '../shared/socket';
import { everySecond } from '../shared/ticker';
import { showClockAlert, showToast } from '../shared/toast';
import { CameraConsole } from './camera-console';
import { ConsoleStore } from './console-store';
import { renderHeaderStats } from './header-stats';
import { IncidentDetail } from './incident-detail';
import { IncidentList } from './incident-list';
import { renderLegend, updateLegendStaleCount } from './legend';
import { onTileKindChange } from './map-projection';
import { mapPicker } from './map-pick';
import { MapView } from './map-view';
import { NewCaseForm } from './new-case-form';
import { renderTileSwitch } from './tile-switch';
import { loadTownshipTiles } from './tile-sources';
import { RosterPanel } from './roster-panel';
import { NotifySettingsPanel } from './notify-settings-panel';
import { FeedbackPanel } from './feedback-panel';
import { FollowUpPanel } from './followup-panel';
import { AlertSound } from './alert-sound';
import { GridIndexLayer } from './grid-index-layer';
import { GridIndexPanel } from './grid-index-panel';

const session = await requireSession('operator');
const expire = () => sessionExpired('operator');
const api = createApiClient(session, expire);
const store = new ConsoleStore();

applyStaticText();
mountLocaleToggle(byId<HTMLButtonElement>('locale'));
byId('user-name').textContent = session.user.displayName;
byId('logout').addEventListener('click', () => logout('operator'));

const side = byId('side');
const setOnline = connectionBadge(byId('conn'));
const stats = byId('stats');
const legend = byId('legend');
const tileSwitch = byId('tile-switch');
const wallClock = byId('wall-clock');
const map = new MapView(byId('map'), pick);
const list = new IncidentList(byId('incident-list'), store, pick);
const detail = new IncidentDetail(
  byId('incident-detail'),
  api,
  () => store.select(null),
  () => [...store.workers.values()],
  (id) => store.incidents.get(id) ?? null,
  (incident) => void store.upsertIncident(incident),
);
const cameras = new CameraConsole(map, byId('incident-list'), api, store, pick);
renderLegend(legend);
renderTileSwitch(tileSwitch);
mapPicker.attach(map);
new NewCaseForm(byId('map').parentElement ?? document.body, api, (answer) => {
  store.upsertIncident(answer.incident);
  pick(answer.incident.id);
}).mountButton(byId('logout').parentElement ?? document.body);
new RosterPanel(byId('map').parentElement ?? document.body, api, () => [...store.workers.values()]).mountButton(byId('logout').parentElement ?? document.body);
new NotifySettingsPanel(byId('map').parentElement ?? document.body, api).mountButton(byId('logout').parentElement ?? document.body);
new FeedbackPanel(byId('map').parentElement ?? document.body, api).mountButton(byId('logout').parentElement ?? document.body);
new FollowUpPanel(byId('map').parentElement ?? document.body, api, store).mountButton(byId('logout').parentElement ?? document.body);
new GridIndexPanel(byId('map').parentElement ?? document.body, api).mountButton(byId('logout').parentElement ?? document.body);
const gridIndex = new GridIndexLayer(api);
map.addOverlay(gridIndex.layer);
gridIndex.mount(byId('map').parentElement ?? document.body);
const sound = new AlertSound();
sound.mountButton(byId('logout').parentElement ?? document.body);
/** Set once the first load is in: cases known from then on chime when they arrive. */
let liveLoaded = false;

function pick(id: string): void {
  store.select(id);
  const incident = store.incidents.get(id);
  if (incident) map.flyTo(incident);
}

let shownDetail: string | null = null;
function syncDetail(now: number, force = false): void {
  const selected = store.selected();
  side.classList.toggle('detail-open', selected !== null);
  if (!selected) {
    shownDetail = null;
    detail.hide();
    return;
  }
  const version = `${selected.id}@${selected.updatedAt}`;
  if (force || version !== shownDetail) {
    shownDetail = version;
    detail.show(selected, now);
  }
}

function drawIncidents(now: number): void {
  list.render(now);
  cameras.decorate();
  map.setIncidents(store.openIncidents(), store.workers, store.selectedId, now);
  renderHeaderStats(stats, store, now);
}

store.onChange((change) => {
  const now = serverNow();
  switch (change) {
    case 'township':
      if (store.township) {
        map.setTownship(store.township);
        gridIndex.setTownship(store.township);
        byId('township-name').textContent = store.township.name;
        document.title = `${store.township.name} · 小脑`;
      }
      break;
    case 'incidents':
      drawIncidents(now);
      syncDetail(now);
      break;
    case 'workers':
      map.setWorkers(store.workers.values(), now);
      updateLegendStaleCount(legend, map.staleWorkers());
      map.setIncidents(store.openIncidents(), store.workers, store.selectedId, now);
      renderHeaderStats(stats, store, now);
      break;
    case 'selection':
      drawIncidents(now);
      syncDetail(now);
      break;
  }
});

/** Everything on the map again, after the language or the tiles changed. */
function redrawMap(now: number): void {
  if (store.township) {
    map.setTownship(store.township);
    gridIndex.setTownship(store.township);
  }
  map.setWorkers(store.workers.values(), now);
  cameras.redraw();
  drawIncidents(now);
}

onLocaleChange(() => {
  const now = serverNow();
  wallClock.textContent = formatWallClock(new Date(now));
  redrawMap(now);
  renderLegend(legend, map.staleWorkers());
  renderTileSwitch(tileSwitch);
  syncDetail(now, true);
});

onTileKindChange((_kind, previous) => {
  map.retile(previous);
  redrawMap(serverNow());
  renderTileSwitch(tileSwitch);
});
// The township's base map (its datum and server); the map above starts with the last one seen.
void loadTownshipTiles(api);

everySecond((now) => {
  wallClock.textContent = formatWallClock(new Date(now));
  if (list.tick(now)) cameras.decorate();
  detail.tick(now);
  map.tick(now);
  updateLegendStaleCount(legend, map.staleWorkers());
  renderHeaderStats(stats, store, now);
});

async function loadTownship(): Promise<void> {
  store.setTownship(await api.get<TownshipView>(API.township));
}

/** Cases and workers; fetched at start and after every reconnect, since events may have been missed. */
async function loadLive(): Promise<void> {
  const [workers, incidents] = await Promise.all([api.get<WorkerView[]>(API.workers), api.get<IncidentView[]>(API.incidents)]);
  store.setWorkers(workers);
  store.setIncidents(incidents);
  liveLoaded = true;
  // Tests (and anyone curious) can tell when new cases start to chime.
  document.body.dataset.liveLoaded = 'true';
  await cameras.load();
}

function report(promise: Promise<void>): void {
  promise.catch((e: unknown) => showToast(errorText(e), 'error'));
}

report(loadTownship());

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
const missedAlarms = new MissedAlarms((alert) => pick(alert.incidentId));
// Logged events go through catch-up (live, and missed ones after a drop); positions are not logged.
const catchUp = new CatchUp({
  page: 'console',
  userId: session.user.id,
  api,
  socket,
  reload: loadLive,
  handlers: {
    'incident.upserted': (incident, missed) => {
      // A case new to the console chimes (not one this operator just entered: the form stored it first).
      if (store.upsertIncident(incident) && liveLoaded && !missed && incident.state !== 'closed') sound.play('arrival');
    },
    'worker.upserted': (worker) => store.upsertWorker(worker),
    'camera.counted': (counts) => cameras.update(counts),
    'page.updated': (attempt) => detail.pageUpdated(attempt),
    'clock.alert': (alert, missed) => {
      detail.clockAlert(alert);
      if (missed) {
        missedAlarms.add(alert);
        return;
      }
      sound.play(alert.status === 'breached' ? 'breach' : 'at_risk');
      showClockAlert(alert, () => pick(alert.incidentId));
    },
  },
});
report(catchUp.start());
socket.on(SOCKET_EVENTS.workerMoved, (moves) => store.moveWorkers(moves));
