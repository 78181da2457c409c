/**
 * The worker's phone: duty switch, instructions as they arrive, and the steps of the case in hand.
 * A field tool first: every step goes through the durable queue (step-queue.ts) and shows at once;
 * the last state is kept for an offline reload; after a drop the page catches up on what it missed.
 * This file wires the data side (queue, socket, catch-up, position, snapshot) to the store
 * (phone-store.ts); the components draw from the store.
 */
import { batch, effect } from '@preact/signals';
import { render } from 'preact';
import {
  API,
  SOCKET_EVENTS,
  type IncidentDetailView,
  type IncidentView,
  type OfferView,
  type PhoneSettingsView,
  type WorkerView,
} from '@xiaonao/contracts';
import { createApiClient } from '../shared/api-client';
import { CatchUp, MissedAlarms } from '../shared/catch-up';
import { byId } from '../shared/dom';
import { applyStaticText, locale, t } from '../shared/i18n';
import { serverNow } from '../shared/server-clock';
import { requireSession, sessionExpired } from '../shared/session';
import { connectHub } from '../shared/socket';
import { showClockAlert, showToast } from '../shared/toast';
import { followPageSignals } from '../shared/ui/page-signals';
import { loadTownshipTiles } from '../console/tile-sources';
import { noteVisibility } from './call-tracker';
import { needsCallerPhone } from './caller-phone';
import { OfferAlert } from './offer-alert';
import { withQueuedSteps } from './optimistic';
import { phoneActions } from './phone-actions';
import { idbStepStore, loadSnapshot, saveSnapshot } from './phone-db';
import { type SubmitReport } from './patrol-report';
import { PhoneMain } from './phone-main';
import { PhoneState } from './phone-state';
import { caseDraft, dropOfferDraft, gpsOn, now, offers, online, pendingSteps, position, shown, soundAllowed, syncedAt } from './phone-store';
import { DutyBar, PhoneTop } from './phone-top';
import { PositionTracker } from './position-tracker';
import { registerServiceWorker } from './service-worker';
import { stepOutcomes } from './step-outcomes';
import { StepQueue } from './step-queue';
import { stepSender } from './step-sender';

/** Until the hub's settings arrive (or offline): a fix a minute, the beep every 5 s. */
const DEFAULT_SETTINGS: PhoneSettingsView = { fixIntervalSeconds: 60, offerSoundRepeatSeconds: 5 };

const session = await requireSession('worker');
const expire = () => sessionExpired('worker');
const api = createApiClient(session, expire);
void loadTownshipTiles(api);
const workerId = session.user.workerId ?? '';
/** The hub's last word: the one copy of the offers, cases and duty the page holds. */
const state = new PhoneState(workerId, true);
registerServiceWorker();

const alert = new OfferAlert(DEFAULT_SETTINGS.offerSoundRepeatSeconds, () => {
  soundAllowed.value = true;
});
const missedAlarms = new MissedAlarms();

/** The store's view: the hub's word with the queued steps on top, after either changed. */
function refresh(): void {
  batch(() => {
    pendingSteps.value = queue.pending();
    shown.value = withQueuedSteps(state, pendingSteps.value);
  });
}

// ---- the hub's word ----

/** Something came from the hub: what is shown is current as of now, and kept for an offline reload. */
function synced(): void {
  syncedAt.value = Date.now();
  scheduleSnapshot();
}

let snapshotTimer: ReturnType<typeof setTimeout> | null = null;
function scheduleSnapshot(): void {
  if (snapshotTimer) return;
  snapshotTimer = setTimeout(() => {
    snapshotTimer = null;
    const snapshot = { workerId, savedAt: syncedAt.value ?? Date.now(), onDuty: state.onDuty, offers: [...state.offers.values()], incidents: [...state.incidents.values()] };
    saveSnapshot(snapshot).catch(() => undefined);
  }, 300);
}

const queue = new StepQueue({
  workerId,
  store: idbStepStore,
  send: stepSender(api),
  now: serverNow,
  position: () => tracker.current(),
  hooks: { ...stepOutcomes({ state, synced, reload: loadLive }), onUnauthorized: expire, onChange: refresh },
});
const actions = phoneActions(api, state, queue);

// The dialer takes the screen and the page is hidden; the time away becomes the call's length (see call-tracker).
document.addEventListener('visibilitychange', () => {
  const hidden = document.visibilityState === 'hidden';
  if (!hidden) tellOffersSeen();
  const draft = caseDraft.peek();
  if (!draft?.call) return;
  caseDraft.value = { ...draft, call: noteVisibility(draft.call, hidden, serverNow()) };
});

// ---- data ----

async function loadLive(): Promise<void> {
  const [me, offerList, incidents] = await Promise.all([api.get<WorkerView>(API.myWorker), api.get<OfferView[]>(API.myOffers), api.get<IncidentView[]>(API.incidents)]);
  batch(() => {
    state.setDuty(me.onDuty);
    state.setIncidents(incidents);
    state.setOffers(offerList);
  });
  synced();
}

async function loadSettings(): Promise<void> {
  const settings = await api.get<PhoneSettingsView>(API.myPhoneSettings).catch(() => DEFAULT_SETTINGS);
  tracker.keepAlive(settings.fixIntervalSeconds);
  alert.setRepeatSeconds(settings.offerSoundRepeatSeconds);
}

/** The hub records that the socket delivered the offer and whether the page was in front. */
function tellOfferSeen(offerId: string): void {
  if (!socket.connected) return;
  socket.emit(SOCKET_EVENTS.offerSeen, { offerId, visible: document.visibilityState === 'visible' }, () => undefined);
}

function tellOffersSeen(): void {
  const at = serverNow();
  for (const offer of state.pendingOffers()) if (Date.parse(offer.expiresAt) > at) tellOfferSeen(offer.offerId);
}

/**
 * A case this worker holds but knows only masked (it came as news, e.g. assigned by the command room):
 * the hub answers the case itself with the full number. Asked once per version of the case, so an
 * answer that is still masked does not ask again.
 */
const askedCallerPhone = new Map<string, string>();
function fetchCallerPhones(): void {
  for (const incident of state.incidents.values()) {
    if (!needsCallerPhone(incident, workerId) || askedCallerPhone.get(incident.id) === incident.updatedAt) continue;
    askedCallerPhone.set(incident.id, incident.updatedAt);
    api
      .get<IncidentDetailView>(API.incident(incident.id))
      .then(({ timeline: _timeline, recommendation: _recommendation, ...view }) => state.upsertIncident(view))
      // Offline: asked again when the case next changes, or with the whole list after reconnecting.
      .catch(() => askedCallerPhone.delete(incident.id));
  }
}

state.onChange(refresh);
state.onChange(fetchCallerPhones);
followPageSignals();
// The beep rings while an offer stands; it stops when the last one runs out, even with nothing else changing.
effect(() => {
  const at = now.value;
  alert.update(offers.value.some((o) => Date.parse(o.expiresAt) > at));
});

// Fixes wait for the socket; `flush` on connect sends the latest one.
const tracker = new PositionTracker(
  (fix) => {
    if (!socket.connected) return false;
    socket.emit(SOCKET_EVENTS.positionReport, fix, () => undefined);
    return true;
  },
  (available) => {
    batch(() => {
      gpsOn.value = available;
      position.value = tracker.current();
    });
  },
);

const socket = connectHub(session, {
  onConnect: () => {
    online.value = true;
    tracker.flush();
    queue.drain();
    catchUp
      .reconnected()
      .then(() => {
        synced();
        tellOffersSeen();
      })
      .catch(() => undefined);
  },
  onDisconnect: () => {
    online.value = false;
  },
  onUnauthorized: expire,
});

const catchUp = new CatchUp({
  page: 'phone',
  userId: session.user.id,
  api,
  socket,
  reload: loadLive,
  handlers: {
    'offer.created': (offer, missed) => {
      state.addOffer(offer);
      synced();
      tellOfferSeen(offer.offerId);
      if (!missed) showToast(`${t('newInstruction')} · ${offer.incident.address}`, 'info');
    },
    'offer.withdrawn': (withdrawn, missed) => {
      const offer = state.removeOffer(withdrawn.offerId);
      dropOfferDraft(withdrawn.offerId);
      synced();
      if (!offer || missed || withdrawn.reason === 'declined') return;
      showToast(withdrawn.reason === 'taken' ? t('offerWithdrawnTaken') : t('offerWithdrawnExpired'), 'at_risk');
    },
    'incident.upserted': (incident) => {
      state.upsertIncident(incident);
      synced();
    },
    'clock.alert': (clockAlert, missed) => {
      if (missed) missedAlarms.add(clockAlert);
      else showClockAlert(clockAlert);
    },
  },
});

addEventListener('online', () => queue.drain());

const onReturned = (incident: IncidentView) => {
  state.upsertIncident(incident);
  showToast(`${incident.caseNo} · ${locale() === 'zh' ? '已退回公安' : 'returned to the police'}`, 'success');
};
const submitReport: SubmitReport = async (request, photo) => {
  await queue.enqueue({ kind: 'report', incidentId: null, caseNo: null, body: request, photo });
  if (!online.peek()) showToast(t('reportQueued'), 'info');
};

function PhonePage() {
  return (
    <>
      <PhoneTop workerName={session.user.displayName} />
      <DutyBar actions={actions} api={api} submitReport={submitReport} />
      <PhoneMain actions={actions} api={api} onReturned={onReturned} />
    </>
  );
}

// Offline reload: show what was last known, marked with its time, while the network is tried.
const snapshot = await loadSnapshot(workerId).catch(() => undefined);
if (snapshot && syncedAt.value === null) {
  batch(() => {
    state.setDuty(snapshot.onDuty);
    state.setIncidents(snapshot.incidents);
    state.setOffers(snapshot.offers);
    syncedAt.value = snapshot.savedAt;
  });
}
await queue.load().catch(() => undefined);
// The document's lang attribute; the page's own text is rendered by its components.
applyStaticText();
render(<PhonePage />, byId('phone-root'));
queue.drain();
catchUp.start().catch(() => undefined);
loadSettings().catch(() => undefined);
tracker.start();
