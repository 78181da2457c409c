/**
 * What the page does with the hub's answer to a queued step: the case as the hub now has it (and a
 * toast for a close or a report), or, when the hub refused the step for good, a plain line saying so
 * until the worker dismisses it, and the cases reloaded as the hub has them.
 */
import type { IncidentView, PatrolReportAnswer } from '@xiaonao/contracts';
import type { ApiError } from '../shared/api-client';
import { t, type TextKey } from '../shared/i18n';
import { showToast } from '../shared/toast';
import type { PhoneState } from './phone-state';
import { caseDraft, dropOfferDraft, refusals } from './phone-store';
import type { QueuedStep, StepKind, StepQueueHooks } from './step-queue';

const STEP_NAMES: Record<StepKind, TextKey> = {
  accept: 'stepAccept',
  decline: 'stepDecline',
  call: 'stepCall',
  contact: 'stepContact',
  arrive: 'stepArrive',
  close: 'stepClose',
  report: 'stepReport',
};

function isIncidentView(value: unknown): value is IncidentView {
  return typeof value === 'object' && value !== null && 'caseNo' in value && 'state' in value && 'clocks' in value;
}

function isReportAnswer(value: unknown): value is PatrolReportAnswer {
  return typeof value === 'object' && value !== null && 'reportId' in value && 'incident' in value && isIncidentView(value.incident);
}

export interface StepOutcomeDeps {
  state: PhoneState;
  /** The hub answered: what is shown is current as of now. */
  synced: () => void;
  /** Reads the hub's offers and cases again. */
  reload: () => Promise<void>;
}

export function stepOutcomes({ state, synced, reload }: StepOutcomeDeps): Pick<StepQueueHooks, 'onApplied' | 'onRefused'> {
  let refusalIds = 0;
  return {
    onApplied(step: QueuedStep, response: unknown): void {
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
        dropOfferDraft(step.offerId);
      }
      synced();
    },

    onRefused(step: QueuedStep, error: ApiError, dropped: QueuedStep[]): void {
      const text = t('stepRefused').replace('{step}', t(STEP_NAMES[step.kind])).replace('{message}', error.display());
      refusals.value = [...refusals.value, { id: ++refusalIds, text, caseNo: step.caseNo }];
      if (step.kind === 'accept' || step.kind === 'decline') state.removeOffer(step.offerId);
      if (dropped.some((s) => s.incidentId === caseDraft.peek()?.incidentId)) caseDraft.value = null;
      // The case went on without these steps: show it as the hub has it.
      reload().catch(() => undefined);
    },
  };
}
