/**
 * What the worker's taps do: every step is queued first (step-queue.ts, so it shows at once and
 * survives a dead spot), then sent; the duty switch goes straight to the hub. Writes the store, never
 * the DOM.
 */
import { API, type IncidentView, type OfferView } from '@xiaonao/contracts';
import { errorText, type ApiClient } from '../shared/api-client';
import { serverNow } from '../shared/server-clock';
import { showToast } from '../shared/toast';
import type { CaseStep } from './phone-drafts';
import { callAttemptBody, startCall, type PendingCall } from './call-tracker';
import type { PhoneState } from './phone-state';
import { caseDraftOf, dutyBusy, patchCaseDraft, patchOfferDraft, refusals } from './phone-store';
import type { NewStep, StepQueue } from './step-queue';

export type PhoneActions = ReturnType<typeof phoneActions>;

export function phoneActions(api: ApiClient, state: PhoneState, queue: StepQueue) {
  /** Keeps the step, marking its card busy until it is kept (or said why not). */
  function enqueue(step: NewStep, mark: (patch: { busy: boolean; error?: string }) => void): void {
    mark({ busy: true, error: '' });
    queue
      .enqueue(step)
      .then(() => mark({ busy: false }))
      .catch((e: unknown) => mark({ busy: false, error: errorText(e) }));
  }

  function answerOffer(offer: OfferView, decision: 'accept' | 'decline', reason = ''): void {
    const common = { incidentId: offer.incidentId, caseNo: offer.incident.caseNo, offerId: offer.offerId };
    const step: NewStep = decision === 'accept' ? { kind: 'accept', ...common, body: {} } : { kind: 'decline', ...common, body: { reason } };
    enqueue(step, (patch) => patchOfferDraft(offer.offerId, patch));
  }

  const markCase = (incident: IncidentView) => (patch: { busy: boolean; error?: string }) => patchCaseDraft(incident.id, patch);

  /** One call to the party, as the worker answered 「接通了吗？」. */
  function recordCall(incident: IncidentView, call: PendingCall, answered: boolean): void {
    const draft = caseDraftOf(incident.id);
    patchCaseDraft(incident.id, {
      call: draft.call?.startedAt === call.startedAt ? null : draft.call,
      called: draft.called || (answered && incident.state === 'accepted'),
    });
    enqueue({ kind: 'call', incidentId: incident.id, caseNo: incident.caseNo, body: callAttemptBody(call, answered) }, markCase(incident));
  }

  return {
    accept: (offer: OfferView) => answerOffer(offer, 'accept'),
    decline: (offer: OfferView, reason: string) => answerOffer(offer, 'decline', reason),

    step(incident: IncidentView, step: CaseStep, result?: string): void {
      const common = { incidentId: incident.id, caseNo: incident.caseNo };
      enqueue(step === 'close' ? { kind: 'close', ...common, body: { result: result ?? '' } } : { kind: step, ...common, body: {} }, markCase(incident));
    },

    /** The call link was tapped. */
    callStarted(incident: IncidentView): void {
      const last = caseDraftOf(incident.id).call;
      // Tapped again without saying how the last call went: a redial, so the last one did not go through.
      if (last) recordCall(incident, last, false);
      patchCaseDraft(incident.id, { call: startCall(incident.id, serverNow()) });
    },

    /** The worker answered 「接通了吗？」. */
    callAnswered(incident: IncidentView, answered: boolean): void {
      const call = caseDraftOf(incident.id).call;
      if (call) recordCall(incident, call, answered);
    },

    dismissRefusal(id: number): void {
      refusals.value = refusals.value.filter((r) => r.id !== id);
    },

    async toggleDuty(): Promise<void> {
      const next = !state.onDuty;
      dutyBusy.value = true;
      try {
        const response = await api.put<unknown>(API.myDuty, { onDuty: next });
        const confirmed = typeof response === 'object' && response !== null && 'onDuty' in response && typeof response.onDuty === 'boolean' ? response.onDuty : next;
        state.setDuty(confirmed);
      } catch (e) {
        showToast(errorText(e), 'error');
      } finally {
        dutyBusy.value = false;
      }
    },
  };
}
