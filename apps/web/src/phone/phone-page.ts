/** The worker's phone: duty switch, instructions as they arrive, and the steps of the case in hand. */
import { API, SOCKET_EVENTS, type IncidentView, type OfferView, type StepRequest, type WorkerView } from '@xiaonao/contracts';
import { createApiClient, errorText } from '../shared/api-client';
import { connectionBadge } from '../shared/connection-badge';
import { refreshClockChips } from '../shared/clock-chips';
import { byId, h } from '../shared/dom';
import { applyStaticText, locale, mountLocaleToggle, onLocaleChange, t } from '../shared/i18n';
import { serverNow } from '../shared/server-clock';
import { logout, requireSession, sessionExpired } from '../shared/session';
import { connectHub } from '../shared/socket';
import { everySecond } from '../shared/ticker';
import { showClockAlert, showToast } from '../shared/toast';
import { activeCaseCard, type CaseDraft, type CaseStep } from './active-case';
import { callAttemptBody, noteVisibility, startCall, type PendingCall } from './call-tracker';
import { queuedCaseCard } from './queued-case';
import { offerCard, refreshOfferCountdowns, type OfferDraft } from './offer-card';
import { mountPatrolReport } from './patrol-report';
import { PhoneState } from './phone-state';
import { PositionTracker } from './position-tracker';

const session = await requireSession('worker');
const expire = () => sessionExpired('worker');
const api = createApiClient(session.token, expire);
const workerId = session.user.workerId ?? '';
const state = new PhoneState(workerId, true);

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

/** Redraws when something the worker sees changed; a redraw keeps the focused input focused. */
function render(force = false): void {
  const active = state.activeCase();
  const queued = state.queuedCase();
  const offers = state.pendingOffers();
  const key = JSON.stringify([
    locale(),
    state.onDuty,
    offers.map((o) => o.offerId),
    active && [active.id, active.state, active.clocks.map((c) => c.doneAt), active.callAttempts, active.unreachable, active.contactKind],
    queued && [queued.id, queued.state],
    state.closedToday(serverNow()),
  ]);
  if (!force && key === renderedKey) return;
  renderedKey = key;
  const focused = document.activeElement instanceof HTMLElement ? document.activeElement.dataset.testid : undefined;
  const now = serverNow();

  const children: HTMLElement[] = [];
  const [first, ...more] = offers;
  if (first) {
    children.push(offerCard(first, now, offerDraft(first.offerId), offerHandlers, locale()));
    if (more.length) children.push(h('p', { class: 'more-offers' }, `+${more.length} ${t('moreOffers')}`));
  }
  if (active) children.push(activeCaseCard(active, now, draftFor(active), caseHandlers));
  if (queued) children.push(queuedCaseCard(queued));
  if (!first && !active) {
    children.push(
      h(
        'section',
        { class: `idle${state.onDuty ? '' : ' off'}`, 'data-testid': 'idle' },
        h('div', { class: 'idle-ring' }, h('span', {}, state.onDuty ? '✓' : '—')),
        h('h2', {}, state.onDuty ? t('waitingForInstruction') : t('offDuty')),
        h('p', { class: 'muted' }, state.onDuty ? t('waitingHint') : t('offDutyHint')),
      ),
    );
  }
  children.push(h('footer', { class: 'phone-foot muted' }, `${t('closedTodayCount')} `, h('strong', { class: 'num' }, String(state.closedToday(now)))));
  main.replaceChildren(...children);
  if (focused) main.querySelector<HTMLElement>(`[data-testid="${focused}"]`)?.focus();
  paintDuty();
}

function paintDuty(): void {
  dutyButton.setAttribute('aria-checked', String(state.onDuty));
  dutyButton.disabled = dutyBusy;
  byId('duty-text').textContent = state.onDuty ? t('onDuty') : t('offDuty');
  byId('duty-hint').textContent = state.onDuty ? t('tapToGoOff') : t('tapToGoOn');
  gps.dataset.on = String(gpsOn);
  gps.textContent = gpsOn ? t('positionOk') : t('positionUnknown');
}

// ---- actions ----

function isIncidentView(value: unknown): value is IncidentView {
  return typeof value === 'object' && value !== null && 'caseNo' in value && 'state' in value && 'clocks' in value;
}

/** A step's answer is the changed case when the hub sends one; otherwise ask for the list again. */
async function absorb(response: unknown): Promise<void> {
  if (isIncidentView(response)) state.upsertIncident(response);
  else if (typeof response === 'object' && response !== null && 'incident' in response && isIncidentView(response.incident)) state.upsertIncident(response.incident);
  else await loadLive();
}

function withPosition<T extends object>(body: T): T & StepRequest {
  const position = tracker.current();
  return position ? { ...body, position } : body;
}

async function answerOffer(offer: OfferView, decision: 'accept' | 'decline', reason = ''): Promise<void> {
  const draft = offerDraft(offer.offerId);
  draft.busy = true;
  draft.error = '';
  render(true);
  try {
    const response =
      decision === 'accept'
        ? await api.post<unknown>(API.accept(offer.incidentId), withPosition({}))
        : await api.post<unknown>(API.decline(offer.incidentId), withPosition({ reason }));
    state.removeOffer(offer.offerId);
    offerDrafts.delete(offer.offerId);
    await absorb(response);
  } catch (e) {
    draft.error = errorText(e);
  } finally {
    draft.busy = false;
    render(true);
  }
}

async function takeStep(incident: IncidentView, step: CaseStep, result?: string): Promise<void> {
  const draft = draftFor(incident);
  draft.busy = true;
  draft.error = '';
  render(true);
  try {
    const path = API[step](incident.id);
    const response = await api.post<unknown>(path, step === 'close' ? withPosition({ result: result ?? '' }) : withPosition({}));
    await absorb(response);
    if (step === 'close') showToast(`✓ ${t('caseClosed')} · ${incident.caseNo}`, 'success');
  } catch (e) {
    draft.error = errorText(e);
  } finally {
    draft.busy = false;
    render(true);
  }
}

/** One call to the party, as the worker answered 「接通了吗？」; a failed send keeps the question for another try. */
async function recordCall(incident: IncidentView, call: PendingCall, answered: boolean): Promise<void> {
  const draft = draftFor(incident);
  draft.busy = true;
  draft.error = '';
  render(true);
  try {
    const response = await api.post<unknown>(API.callAttempt(incident.id), callAttemptBody(call, answered));
    // Compared by start time: visibility changes replace the object while the answer is on its way.
    if (draft.call?.startedAt === call.startedAt) draft.call = null;
    if (answered && incident.state === 'accepted') draft.called = true;
    await absorb(response);
  } catch (e) {
    draft.error = errorText(e);
  } finally {
    draft.busy = false;
    render(true);
  }
}

function callStarted(incident: IncidentView): void {
  const draft = draftFor(incident);
  // Tapped again without saying how the last call went: a redial, so the last one did not go through.
  if (draft.call) void recordCall(incident, draft.call, false);
  draft.call = startCall(incident.id, serverNow());
  render(true);
}

// The dialer takes the screen and the page is hidden; the time away becomes the call's length (see call-tracker).
document.addEventListener('visibilitychange', () => {
  const call = caseDraft?.call;
  if (!caseDraft || !call) return;
  const hidden = document.visibilityState === 'hidden';
  caseDraft.call = noteVisibility(call, hidden, serverNow());
  if (!hidden) render(true);
});

const offerHandlers = {
  accept: (offer: OfferView) => void answerOffer(offer, 'accept'),
  decline: (offer: OfferView, reason: string) => void answerOffer(offer, 'decline', reason),
  redraw: () => render(true),
};

const caseHandlers = {
  step: (incident: IncidentView, step: CaseStep, result?: string) => void takeStep(incident, step, result),
  callStarted,
  callAnswered: (incident: IncidentView, answered: boolean) => {
    const call = draftFor(incident).call;
    if (call) void recordCall(incident, call, answered);
  },
  redraw: () => render(true),
};

async function toggleDuty(): Promise<void> {
  const next = !state.onDuty;
  dutyBusy = true;
  paintDuty();
  try {
    const response = await api.put<unknown>(API.myDuty, { onDuty: next });
    const confirmed = typeof response === 'object' && response !== null && 'onDuty' in response && typeof response.onDuty === 'boolean' ? response.onDuty : next;
    state.setDuty(confirmed);
  } catch (e) {
    showToast(errorText(e), 'error');
  } finally {
    dutyBusy = false;
    paintDuty();
  }
}
dutyButton.addEventListener('click', () => void toggleDuty());

// ---- data ----

async function loadLive(): Promise<void> {
  const [me, offers, incidents] = await Promise.all([api.get<WorkerView>(API.myWorker), api.get<OfferView[]>(API.myOffers), api.get<IncidentView[]>(API.incidents)]);
  state.setDuty(me.onDuty);
  state.setIncidents(incidents);
  state.setOffers(offers);
}

function report(promise: Promise<void>): void {
  promise.catch((e: unknown) => showToast(errorText(e), 'error'));
}

state.onChange(() => render());
onLocaleChange(() => render(true));
everySecond((now) => {
  refreshClockChips(main, now);
  refreshOfferCountdowns(main, now);
});
render(true);
report(loadLive());

// Fixes wait for the socket; `flush` on connect sends the latest one.
const tracker = new PositionTracker(
  (fix) => {
    if (!socket.connected) return false;
    socket.emit(SOCKET_EVENTS.positionReport, fix, () => undefined);
    return true;
  },
  (available) => {
    gpsOn = available;
    paintDuty();
  },
);

mountPatrolReport(dutyButton.parentElement ?? main, session.token, {
  position: () => tracker.current(),
  onReported: (answer) => state.upsertIncident(answer.incident),
  onUnauthorized: expire,
});

const socket = connectHub(session.token, {
  onConnect: (again) => {
    setOnline(true);
    tracker.flush();
    if (again) report(loadLive());
  },
  onDisconnect: () => {
    setOnline(false);
  },
  onUnauthorized: expire,
});

socket.on(SOCKET_EVENTS.offerCreated, (offer) => {
  state.addOffer(offer);
  navigator.vibrate?.([300, 120, 300]);
  showToast(`${t('newInstruction')} · ${offer.incident.address}`, 'info');
});
socket.on(SOCKET_EVENTS.offerWithdrawn, (withdrawn) => {
  const offer = state.removeOffer(withdrawn.offerId);
  offerDrafts.delete(withdrawn.offerId);
  if (!offer || withdrawn.reason === 'declined') return;
  showToast(withdrawn.reason === 'taken' ? t('offerWithdrawnTaken') : t('offerWithdrawnExpired'), 'at_risk');
});
socket.on(SOCKET_EVENTS.incidentUpserted, (incident) => state.upsertIncident(incident));
socket.on(SOCKET_EVENTS.clockAlert, (alert) => showClockAlert(alert));

tracker.start();
