/** The operators' console: wires the store to the hub (REST + socket) and renders the map, list and detail. */
import { useComputed } from '@preact/signals';
import { render } from 'preact';
import { SOCKET_EVENTS } from '@xiaonao/contracts';
import { createApiClient, errorText } from '../shared/api-client';
import { CatchUp, MissedAlarms } from '../shared/catch-up';
import { byId } from '../shared/dom';
import { applyStaticText } from '../shared/i18n';
import { requireSession, sessionExpired } from '../shared/session';
import { connectHub } from '../shared/socket';
import { showClockAlert, showToast } from '../shared/toast';
import { followPageSignals, online } from '../shared/ui/page-signals';
import { AlertSound } from './alert-sound';
import { consoleActions } from './console-actions';
import { ActionsContext } from './console-context';
import { ConsoleHeader } from './console-header';
import { liveLoaded, selected, tiles } from './console-store';
import { IncidentDetail } from './incident-detail';
import { IncidentList } from './incident-list';
import { MapWrap } from './map-wrap';
import { onTileKindChange } from './map-projection';
import { loadTownshipTiles } from './tile-sources';

function report(promise: Promise<void>): void {
  promise.catch((e: unknown) => showToast(errorText(e), 'error'));
}

/** The list and, below it while a case is selected, its detail. */
function Side() {
  const open = useComputed(() => selected.value !== null).value;
  return (
    <aside id="side" class={open ? 'side detail-open' : 'side'}>
      <IncidentList />
      <IncidentDetail />
    </aside>
  );
}

function ConsolePage({ userName, sound }: { userName: string; sound: AlertSound }) {
  return (
    <>
      <ConsoleHeader userName={userName} sound={sound} />
      <main class="console">
        <MapWrap />
        <Side />
      </main>
    </>
  );
}

const session = await requireSession('operator');
const expire = () => sessionExpired('operator');
const api = createApiClient(session, expire);
const actions = consoleActions(api);
const sound = new AlertSound();

// The document's lang attribute; the page's own text is rendered by its components.
applyStaticText();
followPageSignals();
onTileKindChange((kind, previous) => {
  tiles.value = { kind, previous, version: tiles.value.version + 1 };
});
render(
  <ActionsContext.Provider value={actions}>
    <ConsolePage userName={session.user.displayName} sound={sound} />
  </ActionsContext.Provider>,
  byId('console-root'),
);
// The township's base map (its datum and server); the map starts with the last one seen.
void loadTownshipTiles(api);
report(actions.loadTownship());
actions.followFollowUps();

const socket = connectHub(session, {
  onConnect: () => {
    online.value = true;
    report(catchUp.reconnected());
  },
  onDisconnect: () => {
    online.value = false;
  },
  onUnauthorized: expire,
});

// Alarms that came through catch-up wait behind one button instead of a burst of toasts.
const missedAlarms = new MissedAlarms((alert) => actions.pick(alert.incidentId));
// Logged events go through catch-up (live, and missed ones after a drop); positions are not logged.
const catchUp = new CatchUp({
  page: 'console',
  userId: session.user.id,
  api,
  socket,
  reload: actions.loadLive,
  handlers: {
    'incident.upserted': (incident, missed) => {
      // A case new to the console chimes (not one this operator just entered: the form stored it first).
      if (actions.upsertIncident(incident) && liveLoaded.value && !missed && incident.state !== 'closed') sound.play('arrival');
    },
    'worker.upserted': actions.upsertWorker,
    'camera.counted': actions.updateCameraFacts,
    'page.updated': actions.pageUpdated,
    'clock.alert': (alert, missed) => {
      actions.clockAlert(alert);
      if (missed) {
        missedAlarms.add(alert);
        return;
      }
      sound.play(alert.status === 'breached' ? 'breach' : 'at_risk');
      showClockAlert(alert, () => actions.pick(alert.incidentId));
    },
  },
});
report(catchUp.start());
socket.on(SOCKET_EVENTS.workerMoved, (moves) => actions.moveWorkers(moves));
