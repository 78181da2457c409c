/**
 * The phone page's data side, lifted out of apps/web/src/phone/phone-page.ts unchanged in behaviour so
 * that each UI port (hand-written `h`, Vue 3, Preact, Lit) renders the same state from the same API and
 * socket: session, PhoneState, the durable step queue, catch-up, the duty switch and the header.
 * Left out in every port alike (they are not on the first screen): patrol report, push switch,
 * return-to-police panel, offer sound, position tracker, service worker, missed-alarm list.
 */
import { API, type IncidentDetailView, type IncidentView, type OfferView, type PatrolReportAnswer, type WorkerView } from '@xiaonao/contracts';
import { type ApiError, createApiClient, errorText } from '../../../apps/web/src/shared/api-client';
import { CatchUp } from '../../../apps/web/src/shared/catch-up';
import { connectionBadge } from '../../../apps/web/src/shared/connection-badge';
import { byId } from '../../../apps/web/src/shared/dom';
import { applyStaticText, mountLocaleToggle, onLocaleChange, t, type TextKey } from '../../../apps/web/src/shared/i18n';
import { serverNow } from '../../../apps/web/src/shared/server-clock';
import { logout, requireSession, sessionExpired } from '../../../apps/web/src/shared/session';
import { connectHub } from '../../../apps/web/src/shared/socket';
import { everySecond } from '../../../apps/web/src/shared/ticker';
import { showClockAlert, showToast } from '../../../apps/web/src/shared/toast';
import type { CaseDraft, CaseStep } from '../../../apps/web/src/phone/active-case';
import { callAttemptBody, noteVisibility, startCall, type PendingCall } from '../../../apps/web/src/phone/call-tracker';
import { needsCallerPhone } from '../../../apps/web/src/phone/caller-phone';
import type { OfferDraft } from '../../../apps/web/src/phone/offer-card';
import { withQueuedSteps } from '../../../apps/web/src/phone/optimistic';
import { idbStepStore, loadSnapshot, saveSnapshot } from '../../../apps/web/src/phone/phone-db';
import { PhoneState } from '../../../apps/web/src/phone/phone-state';
import { StepQueue, type QueuedStep, type StepKind } from '../../../apps/web/src/phone/step-queue';
import { stepSender } from '../../../apps/web/src/phone/step-sender';

const STEP_NAMES: Record<StepKind, TextKey> = {
  accept: 'stepAccept',
  decline: 'stepDecline',
  call: 'stepCall',
  contact: 'stepContact',
  arrive: 'stepArrive',
  close: 'stepClose',
  report: 'stepReport',
};

export interface Refusal {
  id: number;
  text: string;
  caseNo: string | null;
}

/** What a view reads and what it may do; `onChange` fires after anything it reads changed. */
export interface PhoneCore {
  readonly workerId: string;
  /** The hub's last word with the queued steps applied on top. */
  readonly shown: () => PhoneState;
  readonly pending: () => readonly QueuedStep[];
  readonly pendingFor: (incidentId: string) => number;
  readonly refusals: readonly Refusal[];
  readonly connected: () => boolean;
  readonly syncedAt: () => number | null;
  readonly offerDraft: (offerId: string) => OfferDraft;
  readonly caseDraft: (incident: IncidentView) => CaseDraft;
  readonly onChange: (listener: () => void) => void;
  /** Once a second, in the hub's time. */
  readonly onTick: (listener: (now: number) => void) => void;
  readonly accept: (offer: OfferView) => void;
  readonly decline: (offer: OfferView, reason: string) => void;
  readonly step: (incident: IncidentView, step: CaseStep, result?: string) => void;
  readonly callStarted: (incident: IncidentView) => void;
  readonly callAnswered: (incident: IncidentView, answered: boolean) => void;
  readonly dismissRefusal: (id: number) => void;
  /** Loads the snapshot and the queue, then starts the socket and the REST load. Call after the view is mounted. */
  readonly start: () => Promise<void>;
}

export async function startPhoneCore(): Promise<PhoneCore> {
  const session = await requireSession('worker');
  const expire = () => sessionExpired('worker');
  const api = createApiClient(session, expire);
  const workerId = session.user.workerId ?? '';
  const state = new PhoneState(workerId, true);

  const setOnline = connectionBadge(byId('conn'));
  const dutyButton = byId<HTMLButtonElement>('duty');
  applyStaticText();
  mountLocaleToggle(byId<HTMLButtonElement>('locale'));
  byId('worker-name').textContent = session.user.displayName;
  byId('logout').addEventListener('click', () => logout('worker'));

  const listeners = new Set<() => void>();
  const changed = () => {
    for (const listener of listeners) listener();
  };
  const offerDrafts = new Map<string, OfferDraft>();
  let caseDraft: CaseDraft | null = null;
  let dutyBusy = false;
  let connected = false;
  let syncedAt: number | null = null;
  const refusals: Refusal[] = [];
  let refusalIds = 0;

  const offerDraft = (offerId: string): OfferDraft => {
    let draft = offerDrafts.get(offerId);
    if (!draft) {
      draft = { declining: false, reason: '', busy: false, error: '' };
      offerDrafts.set(offerId, draft);
    }
    return draft;
  };
  const draftFor = (incident: IncidentView): CaseDraft => {
    if (caseDraft?.incidentId !== incident.id) caseDraft = { incidentId: incident.id, called: false, call: null, result: '', busy: false, error: '' };
    return caseDraft;
  };

  const paintDuty = (onDuty: boolean): void => {
    dutyButton.setAttribute('aria-checked', String(onDuty));
    dutyButton.disabled = dutyBusy;
    byId('duty-text').textContent = onDuty ? t('onDuty') : t('offDuty');
    byId('duty-hint').textContent = onDuty ? t('tapToGoOff') : t('tapToGoOn');
    byId('gps').textContent = t('positionUnknown');
  };

  let snapshotTimer: ReturnType<typeof setTimeout> | null = null;
  const synced = (): void => {
    syncedAt = Date.now();
    if (snapshotTimer) return;
    snapshotTimer = setTimeout(() => {
      snapshotTimer = null;
      const snapshot = { workerId, savedAt: syncedAt ?? Date.now(), onDuty: state.onDuty, offers: [...state.offers.values()], incidents: [...state.incidents.values()] };
      saveSnapshot(snapshot).catch(() => undefined);
    }, 300);
  };

  const isIncidentView = (value: unknown): value is IncidentView => typeof value === 'object' && value !== null && 'caseNo' in value && 'state' in value && 'clocks' in value;
  const isReportAnswer = (value: unknown): value is PatrolReportAnswer =>
    typeof value === 'object' && value !== null && 'reportId' in value && 'incident' in value && isIncidentView(value.incident);

  const applied = (step: QueuedStep, response: unknown): void => {
    if (step.kind === 'report' && isReportAnswer(response)) state.upsertIncident(response.incident);
    else if (isIncidentView(response)) {
      state.upsertIncident(response);
      if (step.kind === 'close') showToast(`✓ ${t('caseClosed')} · ${response.caseNo}`, 'success');
    }
    if (step.kind === 'accept' || step.kind === 'decline') {
      state.removeOffer(step.offerId);
      offerDrafts.delete(step.offerId);
    }
    synced();
  };

  const loadLive = async (): Promise<void> => {
    const [me, offers, incidents] = await Promise.all([api.get<WorkerView>(API.myWorker), api.get<OfferView[]>(API.myOffers), api.get<IncidentView[]>(API.incidents)]);
    state.setDuty(me.onDuty);
    state.setIncidents(incidents);
    state.setOffers(offers);
    synced();
  };

  const refused = (step: QueuedStep, error: ApiError, dropped: QueuedStep[]): void => {
    refusals.push({ id: ++refusalIds, text: t('stepRefused').replace('{step}', t(STEP_NAMES[step.kind])).replace('{message}', error.display()), caseNo: step.caseNo });
    if (step.kind === 'accept' || step.kind === 'decline') state.removeOffer(step.offerId);
    if (dropped.some((s) => s.incidentId === caseDraft?.incidentId)) caseDraft = null;
    loadLive().catch(() => undefined);
    changed();
  };

  const queue = new StepQueue({
    workerId,
    store: idbStepStore,
    send: stepSender(api),
    now: serverNow,
    position: () => undefined,
    hooks: { onApplied: applied, onRefused: refused, onUnauthorized: expire, onChange: changed },
  });

  const enqueue = (step: Parameters<StepQueue['enqueue']>[0], draft: { busy: boolean; error: string }): void => {
    draft.busy = true;
    draft.error = '';
    changed();
    queue
      .enqueue(step)
      .catch((e: unknown) => {
        draft.error = errorText(e);
      })
      .finally(() => {
        draft.busy = false;
        changed();
      });
  };

  const answerOffer = (offer: OfferView, decision: 'accept' | 'decline', reason = ''): void => {
    const common = { incidentId: offer.incidentId, caseNo: offer.incident.caseNo, offerId: offer.offerId };
    enqueue(decision === 'accept' ? { kind: 'accept', ...common, body: {} } : { kind: 'decline', ...common, body: { reason } }, offerDraft(offer.offerId));
  };

  const recordCall = (incident: IncidentView, call: PendingCall, answered: boolean): void => {
    const draft = draftFor(incident);
    if (draft.call?.startedAt === call.startedAt) draft.call = null;
    if (answered && incident.state === 'accepted') draft.called = true;
    enqueue({ kind: 'call', incidentId: incident.id, caseNo: incident.caseNo, body: callAttemptBody(call, answered) }, draft);
  };

  document.addEventListener('visibilitychange', () => {
    const hidden = document.visibilityState === 'hidden';
    const call = caseDraft?.call;
    if (!caseDraft || !call) return;
    caseDraft.call = noteVisibility(call, hidden, serverNow());
    if (!hidden) changed();
  });

  dutyButton.addEventListener('click', () => {
    dutyBusy = true;
    paintDuty(state.onDuty);
    api
      .put<unknown>(API.myDuty, { onDuty: !state.onDuty })
      .then((response) => state.setDuty(typeof response === 'object' && response !== null && 'onDuty' in response && typeof response.onDuty === 'boolean' ? response.onDuty : !state.onDuty))
      .catch((e: unknown) => showToast(errorText(e), 'error'))
      .finally(() => {
        dutyBusy = false;
        paintDuty(state.onDuty);
      });
  });

  const askedCallerPhone = new Map<string, string>();
  const fetchCallerPhones = (): void => {
    for (const incident of state.incidents.values()) {
      if (!needsCallerPhone(incident, workerId) || askedCallerPhone.get(incident.id) === incident.updatedAt) continue;
      askedCallerPhone.set(incident.id, incident.updatedAt);
      api
        .get<IncidentDetailView>(API.incident(incident.id))
        .then(({ timeline: _timeline, recommendation: _recommendation, ...view }) => state.upsertIncident(view))
        .catch(() => askedCallerPhone.delete(incident.id));
    }
  };

  state.onChange(changed);
  state.onChange(fetchCallerPhones);
  state.onChange(() => paintDuty(state.onDuty));
  onLocaleChange(changed);

  const core: PhoneCore = {
    workerId,
    shown: () => withQueuedSteps(state, queue.pending()),
    pending: () => queue.pending(),
    pendingFor: (id) => queue.pendingFor(id),
    refusals,
    connected: () => connected,
    syncedAt: () => syncedAt,
    offerDraft,
    caseDraft: draftFor,
    onChange: (listener) => void listeners.add(listener),
    onTick: (listener) => everySecond(listener),
    accept: (offer) => answerOffer(offer, 'accept'),
    decline: (offer, reason) => answerOffer(offer, 'decline', reason),
    step: (incident, step, result) => {
      const common = { incidentId: incident.id, caseNo: incident.caseNo };
      enqueue(step === 'close' ? { kind: 'close', ...common, body: { result: result ?? '' } } : { kind: step, ...common, body: {} }, draftFor(incident));
    },
    callStarted: (incident) => {
      const draft = draftFor(incident);
      if (draft.call) recordCall(incident, draft.call, false);
      draft.call = startCall(incident.id, serverNow());
      changed();
    },
    callAnswered: (incident, answered) => {
      const call = draftFor(incident).call;
      if (call) recordCall(incident, call, answered);
    },
    dismissRefusal: (id) => {
      const at = refusals.findIndex((r) => r.id === id);
      if (at >= 0) refusals.splice(at, 1);
      changed();
    },
    async start() {
      const socket = connectHub(session, {
        onConnect: () => {
          connected = true;
          setOnline(true);
          queue.drain();
          catchUp
            .reconnected()
            .then(() => {
              synced();
              changed();
            })
            .catch(() => undefined);
        },
        onDisconnect: () => {
          setOnline(false);
          if (!connected) return;
          connected = false;
          changed();
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
            if (!missed) showToast(`${t('newInstruction')} · ${offer.incident.address}`, 'info');
          },
          'offer.withdrawn': (withdrawn) => {
            state.removeOffer(withdrawn.offerId);
            offerDrafts.delete(withdrawn.offerId);
            synced();
          },
          'incident.upserted': (incident) => {
            state.upsertIncident(incident);
            synced();
          },
          'clock.alert': (clockAlert, missed) => {
            if (!missed) showClockAlert(clockAlert);
          },
        },
      });
      addEventListener('online', () => queue.drain());
      const snapshot = await loadSnapshot(workerId).catch(() => undefined);
      if (snapshot && syncedAt === null) {
        state.setDuty(snapshot.onDuty);
        state.setIncidents(snapshot.incidents);
        state.setOffers(snapshot.offers);
        syncedAt = snapshot.savedAt;
      }
      await queue.load().catch(() => undefined);
      paintDuty(state.onDuty);
      changed();
      queue.drain();
      catchUp.start().catch(() => changed());
    },
  };
  return core;
}
