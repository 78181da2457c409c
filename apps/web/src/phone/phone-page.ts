/**
 * The worker's phone: duty switch, instructions as they arrive, and the steps of the case in hand.
 * A field tool first: every step goes through the durable queue (step-queue.ts) and shows at once;
 * the last state is kept for an offline reload; after a drop the page catches up on what it missed.
 */
import {
  API,
  SOCKET_EVENTS,
  type IncidentDetailView,
  type IncidentView,
  type OfferView,
  type PatrolReportAnswer,
  type PhoneSettingsView,
  type WorkerView,
} from '@xiaonao/contracts';
import { type ApiError, createApiClient, errorText } from '../shared/api-client';
import { CatchUp, MissedAlarms } from '../shared/catch-up';
import { connectionBadge } from '../shared/connection-badge';
import { refreshClockChips } from '../shared/clock-chips';
import { byId, h } from '../shared/dom';
import { formatTime } from '../shared/format-time';
import { applyStaticText, locale, mountLocaleToggle, onLocaleChange, t, type TextKey } from '../shared/i18n';
import { serverNow } from '../shared/server-clock';
import { logout, requireSession, sessionExpired } from '../shared/session';
import { connectHub } from '../shared/socket';
import { everySecond } from '../shared/ticker';
import { showClockAlert, showToast } from '../shared/toast';
import { activeCaseCard, type CaseDraft, type CaseStep } from './active-case';
import { callAttemptBody, noteVisibility, startCall, type PendingCall } from './call-tracker';
import { needsCallerPhone } from './caller-phone';
import { caseMap, dropCaseMap, refreshCaseMap } from './case-map';
import { loadTownshipTiles } from '../console/tile-sources';
import { OfferAlert } from './offer-alert';
import { offerCard, refreshOfferCountdowns, type OfferDraft } from './offer-card';
import { withQueuedSteps } from './optimistic';
import { mountPatrolReport } from './patrol-report';
import { idbStepStore, loadSnapshot, saveSnapshot } from './phone-db';
import { PhoneState } from './phone-state';
import { PositionTracker } from './position-tracker';
import { mountPushSwitch } from './push-subscription';
import { queuedCaseCard } from './queued-case';
import { ReturnToPolicePanel } from './return-to-police';
import { registerServiceWorker } from './service-worker';
import { StepQueue, type QueuedStep, type StepKind } from './step-queue';
import { stepSender } from './step-sender';
import { todaySection, todaysCases } from './today-list';

/** Until the hub's settings arrive (or offline): a fix a minute, the beep every 5 s. */
const DEFAULT_SETTINGS: PhoneSettingsView = { fixIntervalSeconds: 60, offerSoundRepeatSeconds: 5 };

const STEP_NAMES: Record<StepKind, TextKey> = {
  accept: 'stepAccept',
  decline: 'stepDecline',
  call: 'stepCall',
  contact: 'stepContact',
  arrive: 'stepArrive',
  close: 'stepClose',
  report: 'stepReport',
};

const session = await requireSession('worker');
const expire = () => sessionExpired('worker');
const api = createApiClient(session, expire);
void loadTownshipTiles(api);
const workerId = session.user.workerId ?? '';
const state = new PhoneState(workerId, true);
registerServiceWorker();

const main = byId('phone-main');
const setOnline = connectionBadge(byId('conn'));
const dutyButton = byId<HTMLButtonElement>('duty');
const gps = byId('gps');

applyStaticText();
mountLocaleToggle(byId<HTMLButtonElement>('locale'));
byId('worker-name').textContent = session.user.displayName;
byId('logout').addEventListener('click', () => logout('worker'));

const offerDrafts = new Map<string, OfferDraft>();
let caseDraft: CaseDraft | null = null;
let dutyBusy = false;
let gpsOn = false;
/** The socket is up: what is shown is live. */
let connected = false;
/** When the hub last confirmed what is shown (ms); null before any word from it. */
let syncedAt: number | null = null;
/** Steps the hub refused for good, said plainly until the worker dismisses them. */
const refusals: { id: number; text: string; caseNo: string | null }[] = [];
let refusalIds = 0;

const alert = new OfferAlert(DEFAULT_SETTINGS.offerSoundRepeatSeconds);
// 退回公安: online only, beside the case in hand (return-to-police.ts).
const returnPanel = new ReturnToPolicePanel(api, () => render(true), (incident) => {
  state.upsertIncident(incident);
  showToast(`${incident.caseNo} · ${locale() === 'zh' ? '已退回公安' : 'returned to the police'}`, 'success');
});
const missedAlarms = new MissedAlarms();

function offerDraft(offerId: string): OfferDraft {
  let draft = offerDrafts.get(offerId);
  if (!draft) {
    draft = { declining: false, reason: '', busy: false, error: '' };
    offerDrafts.set(offerId, draft);
  }
  return draft;
}

function draftFor(incident: IncidentView): CaseDraft {
  if (caseDraft?.incidentId !== incident.id) caseDraft = { incidentId: incident.id, called: false, call: null, result: '', busy: false, error: '' };
  return caseDraft;
}

// ---- rendering ----

let renderedKey = '';

/** What the worker sees: the hub's last word with the queued steps applied on top. */
function shown(): PhoneState {
  return withQueuedSteps(state, queue.pending());
}

/** Redraws when something the worker sees changed; a redraw keeps the focused input focused. */
function render(force = false): void {
  const view = shown();
  const now = serverNow();
  const active = view.activeCase();
  const queued = view.queuedCase();
  const offers = view.pendingOffers();
  const today = todaysCases(view.incidents.values(), workerId, now);
  const pending = queue.pending();
  const key = JSON.stringify([
    locale(),
    view.onDuty,
    offers.map((o) => o.offerId),
    active && [active.id, active.state, active.clocks.map((c) => c.doneAt), active.callAttempts, active.unreachable, active.contactKind],
    queued && [queued.id, queued.state],
    today.map((i) => [i.id, i.state, i.clocks.map((c) => c.doneAt)]),
    pending.map((s) => s.key),
    refusals.map((r) => r.id),
    connected,
    syncedAt,
  ]);
  alert.update(offers.some((o) => Date.parse(o.expiresAt) > now));
  if (!force && key === renderedKey) return;
  renderedKey = key;
  const focused = document.activeElement instanceof HTMLElement ? document.activeElement.dataset.testid : undefined;

  const children: (HTMLElement | null)[] = [offlineBanner(), ...refusals.map(refusalCard), pendingReports(pending)];
  const [first, ...more] = offers;
  if (first) {
    children.push(offerCard(first, now, offerDraft(first.offerId), offerHandlers, locale()));
    if (more.length) children.push(h('p', { class: 'more-offers' }, `+${more.length} ${t('moreOffers')}`));
    if (!alert.canSound()) children.push(h('p', { class: 'sound-hint muted', 'data-testid': 'sound-hint' }, t('soundOff')));
  }
  if (active) children.push(activeCaseCard(active, now, draftFor(active), caseHandlers, { pending: queue.pendingFor(active.id), self: tracker.current() }));
  else dropCaseMap();
  if (active) children.push(returnPanel.element(active, connected));
  if (queued) children.push(queuedCaseCard(queued, queue.pendingFor(queued.id)));
  if (!first && !active) {
    children.push(
      h(
        'section',
        { class: `idle${view.onDuty ? '' : ' off'}`, 'data-testid': 'idle' },
        h('div', { class: 'idle-ring' }, h('span', {}, view.onDuty ? '✓' : '—')),
        h('h2', {}, view.onDuty ? t('waitingForInstruction') : t('offDuty')),
        h('p', { class: 'muted' }, view.onDuty ? t('waitingHint') : t('offDutyHint')),
      ),
    );
  }
  children.push(todaySection(today, (id) => queue.pendingFor(id)));
  children.push(h('footer', { class: 'phone-foot muted' }, `${t('closedTodayCount')} `, h('strong', { class: 'num' }, String(view.closedToday(now)))));
  main.replaceChildren(...children.filter((c): c is HTMLElement => c !== null));
  if (active) refreshCaseMap();
  if (focused) main.querySelector<HTMLElement>(`[data-testid="${focused}"]`)?.focus();
  paintDuty(view.onDuty);
}

/** 「离线 · 显示的是 HH:mm 的数据」 while the socket is down and what is shown came from earlier. */
function offlineBanner(): HTMLElement | null {
  if (connected || syncedAt === null) return null;
  return h('div', { class: 'offline-banner', role: 'status', 'data-testid': 'offline-banner' }, t('offlineSnapshot').replace('{t}', formatTime(new Date(syncedAt)).slice(0, 5)));
}

function refusalCard(refusal: (typeof refusals)[number]): HTMLElement {
  const ok = h('button', { class: 'btn btn-ghost', type: 'button' }, t('gotIt'));
  ok.addEventListener('click', () => {
    refusals.splice(refusals.indexOf(refusal), 1);
    render(true);
  });
  return h(
    'div',
    { class: 'step-refused', role: 'alert', 'data-testid': 'step-refused' },
    h('p', {}, refusal.caseNo ? h('span', { class: 'muted num' }, `${refusal.caseNo} · `) : null, refusal.text),
    ok,
  );
}

function pendingReports(pending: readonly QueuedStep[]): HTMLElement | null {
  const n = pending.filter((s) => s.kind === 'report').length;
  return n ? h('p', { class: 'pending-reports', 'data-testid': 'pending-reports' }, t('pendingReports').replace('{n}', String(n))) : null;
}

function paintDuty(onDuty: boolean): void {
  dutyButton.setAttribute('aria-checked', String(onDuty));
  dutyButton.disabled = dutyBusy;
  byId('duty-text').textContent = onDuty ? t('onDuty') : t('offDuty');
  byId('duty-hint').textContent = onDuty ? t('tapToGoOff') : t('tapToGoOn');
  gps.dataset.on = String(gpsOn);
  gps.textContent = gpsOn ? t('positionOk') : t('positionUnknown');
}

// ---- the hub's word ----

/** Something came from the hub: what is shown is current as of now, and kept for an offline reload. */
function synced(): void {
  syncedAt = Date.now();
  scheduleSnapshot();
}

let snapshotTimer: ReturnType<typeof setTimeout> | null = null;
function scheduleSnapshot(): void {
  if (snapshotTimer) return;
  snapshotTimer = setTimeout(() => {
    snapshotTimer = null;
    const snapshot = { workerId, savedAt: syncedAt ?? Date.now(), onDuty: state.onDuty, offers: [...state.offers.values()], incidents: [...state.incidents.values()] };
    saveSnapshot(snapshot).catch(() => undefined);
  }, 300);
}

function isIncidentView(value: unknown): value is IncidentView {
  return typeof value === 'object' && value !== null && 'caseNo' in value && 'state' in value && 'clocks' in value;
}

function isReportAnswer(value: unknown): value is PatrolReportAnswer {
  return typeof value === 'object' && value !== null && 'reportId' in value && 'incident' in value && isIncidentView(value.incident);
}

function applied(step: QueuedStep, response: unknown): void {
  if (step.kind === 'report' && isReportAnswer(response)) {
    state.upsertIncident(response.incident);
    const no = response.linked ? response.incident.caseNo : response.caseNo;
    showToast(t(response.taken ? 'reportTaken' : response.linked ? 'reportLinked' : 'reportSent').replace('{no}', no), 'success');
  } else if (isIncidentView(response)) {
    state.upsertIncident(response);
    if (step.kind === 'close') showToast(`✓ ${t('caseClosed')} · ${response.caseNo}`, 'success');
  }
  if (step.kind === 'accept' || step.kind === 'decline') {
    state.removeOffer(step.offerId);
    offerDrafts.delete(step.offerId);
  }
  synced();
}

function refused(step: QueuedStep, error: ApiError, dropped: QueuedStep[]): void {
  refusals.push({ id: ++refusalIds, text: t('stepRefused').replace('{step}', t(STEP_NAMES[step.kind])).replace('{message}', error.display()), caseNo: step.caseNo });
  if (step.kind === 'accept' || step.kind === 'decline') state.removeOffer(step.offerId);
  if (dropped.some((s) => s.incidentId === caseDraft?.incidentId)) caseDraft = null;
  // The case went on without these steps: show it as the hub has it.
  loadLive().catch(() => undefined);
  render(true);
}

const queue = new StepQueue({
  workerId,
  store: idbStepStore,
  send: stepSender(api),
  now: serverNow,
  position: () => tracker.current(),
  hooks: { onApplied: applied, onRefused: refused, onUnauthorized: expire, onChange: () => render() },
});

// ---- actions: every step is queued first, then sent ----

function enqueue(step: Parameters<StepQueue['enqueue']>[0], draft: { busy: boolean; error: string }): void {
  draft.busy = true;
  draft.error = '';
  render(true);
  queue
    .enqueue(step)
    .catch((e: unknown) => {
      draft.error = errorText(e);
    })
    .finally(() => {
      draft.busy = false;
      render(true);
    });
}

function answerOffer(offer: OfferView, decision: 'accept' | 'decline', reason = ''): void {
  const common = { incidentId: offer.incidentId, caseNo: offer.incident.caseNo, offerId: offer.offerId };
  enqueue(decision === 'accept' ? { kind: 'accept', ...common, body: {} } : { kind: 'decline', ...common, body: { reason } }, offerDraft(offer.offerId));
}

function takeStep(incident: IncidentView, step: CaseStep, result?: string): void {
  const common = { incidentId: incident.id, caseNo: incident.caseNo };
  enqueue(step === 'close' ? { kind: 'close', ...common, body: { result: result ?? '' } } : { kind: step, ...common, body: {} }, draftFor(incident));
}

/** One call to the party, as the worker answered 「接通了吗？」. */
function recordCall(incident: IncidentView, call: PendingCall, answered: boolean): void {
  const draft = draftFor(incident);
  if (draft.call?.startedAt === call.startedAt) draft.call = null;
  if (answered && incident.state === 'accepted') draft.called = true;
  enqueue({ kind: 'call', incidentId: incident.id, caseNo: incident.caseNo, body: callAttemptBody(call, answered) }, draft);
}

function callStarted(incident: IncidentView): void {
  const draft = draftFor(incident);
  // Tapped again without saying how the last call went: a redial, so the last one did not go through.
  if (draft.call) recordCall(incident, draft.call, false);
  draft.call = startCall(incident.id, serverNow());
  render(true);
}

// The dialer takes the screen and the page is hidden; the time away becomes the call's length (see call-tracker).
document.addEventListener('visibilitychange', () => {
  const hidden = document.visibilityState === 'hidden';
  if (!hidden) tellOffersSeen();
  const call = caseDraft?.call;
  if (!caseDraft || !call) return;
  caseDraft.call = noteVisibility(call, hidden, serverNow());
  if (!hidden) render(true);
});

const offerHandlers = {
  accept: (offer: OfferView) => answerOffer(offer, 'accept'),
  decline: (offer: OfferView, reason: string) => answerOffer(offer, 'decline', reason),
  redraw: () => render(true),
};

const caseHandlers = {
  step: takeStep,
  callStarted,
  callAnswered: (incident: IncidentView, answered: boolean) => {
    const call = draftFor(incident).call;
    if (call) recordCall(incident, call, answered);
  },
  redraw: () => render(true),
};

async function toggleDuty(): Promise<void> {
  const next = !state.onDuty;
  dutyBusy = true;
  paintDuty(state.onDuty);
  try {
    const response = await api.put<unknown>(API.myDuty, { onDuty: next });
    const confirmed = typeof response === 'object' && response !== null && 'onDuty' in response && typeof response.onDuty === 'boolean' ? response.onDuty : next;
    state.setDuty(confirmed);
  } catch (e) {
    showToast(errorText(e), 'error');
  } finally {
    dutyBusy = false;
    paintDuty(state.onDuty);
  }
}
dutyButton.addEventListener('click', () => void toggleDuty());

// ---- data ----

async function loadLive(): Promise<void> {
  const [me, offers, incidents] = await Promise.all([api.get<WorkerView>(API.myWorker), api.get<OfferView[]>(API.myOffers), api.get<IncidentView[]>(API.incidents)]);
  state.setDuty(me.onDuty);
  state.setIncidents(incidents);
  state.setOffers(offers);
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
  const now = serverNow();
  for (const offer of state.pendingOffers()) if (Date.parse(offer.expiresAt) > now) tellOfferSeen(offer.offerId);
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

state.onChange(() => render());
state.onChange(fetchCallerPhones);
onLocaleChange(() => render(true));
everySecond((now) => {
  refreshClockChips(main, now);
  refreshOfferCountdowns(main, now);
  // The beep stops when the last offer runs out, even with nothing else to redraw.
  if (state.offers.size > 0) alert.update(shown().pendingOffers().some((o) => Date.parse(o.expiresAt) > now));
});

// Fixes wait for the socket; `flush` on connect sends the latest one.
const tracker = new PositionTracker(
  (fix) => {
    if (!socket.connected) return false;
    socket.emit(SOCKET_EVENTS.positionReport, fix, () => undefined);
    return true;
  },
  (available) => {
    gpsOn = available;
    paintDuty(state.onDuty);
    const active = shown().activeCase();
    if (active) caseMap(active.id, active.location, tracker.current());
  },
);

mountPatrolReport(dutyButton.parentElement ?? main, {
  position: () => tracker.current(),
  submit: async (request, photo) => {
    await queue.enqueue({ kind: 'report', incidentId: null, caseNo: null, body: request, photo });
    if (!connected) showToast(t('reportQueued'), 'info');
  },
});
mountPushSwitch(dutyButton.parentElement ?? main, api).catch(() => undefined);

const socket = connectHub(session, {
  onConnect: () => {
    connected = true;
    setOnline(true);
    tracker.flush();
    queue.drain();
    catchUp
      .reconnected()
      .then(() => {
        synced();
        tellOffersSeen();
        render(true);
      })
      .catch(() => undefined);
  },
  onDisconnect: () => {
    setOnline(false);
    // Also called on every failed reconnect attempt: redraw only when the state changes, not under the worker's finger.
    if (!connected) return;
    connected = false;
    render(true);
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
      offerDrafts.delete(withdrawn.offerId);
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

// Offline reload: show what was last known, marked with its time, while the network is tried.
const snapshot = await loadSnapshot(workerId).catch(() => undefined);
if (snapshot && syncedAt === null) {
  state.setDuty(snapshot.onDuty);
  state.setIncidents(snapshot.incidents);
  state.setOffers(snapshot.offers);
  syncedAt = snapshot.savedAt;
}
await queue.load().catch(() => undefined);
render(true);
queue.drain();
catchUp.start().catch(() => render(true));
loadSettings().catch(() => undefined);
tracker.start();
