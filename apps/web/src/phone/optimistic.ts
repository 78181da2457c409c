/**
 * What the worker sees while steps wait in the queue: the hub's last word with the queued steps laid
 * on top, so 已接单 / 已联系 show at once (marked 待发送) and never wait for the network. The hub's
 * answer replaces the guess when the step is sent.
 */
import type { ClockStage, IncidentView } from '@xiaonao/contracts';
import { PhoneState } from './phone-state';
import type { QueuedStep } from './step-queue';

/** A copy of `state` with `steps` applied in order. */
export function withQueuedSteps(state: PhoneState, steps: readonly QueuedStep[]): PhoneState {
  const view = new PhoneState(state.workerId, state.onDuty);
  for (const [id, offer] of state.offers) view.offers.set(id, offer);
  for (const [id, incident] of state.incidents) view.incidents.set(id, incident);
  for (const step of steps) apply(view, step);
  return view;
}

function apply(view: PhoneState, step: QueuedStep): void {
  switch (step.kind) {
    case 'accept': {
      const offer = view.offers.get(step.offerId);
      view.offers.delete(step.offerId);
      const base = view.incidents.get(step.incidentId) ?? offer?.incident;
      // Already past the offer (the hub applied the step and its news came before its answer).
      if (!base || (base.state !== 'offered' && base.state !== 'received')) return;
      const me = base.worker?.id === view.workerId ? base.worker : { id: view.workerId, name: '', phone: '' };
      put(view, stageDone({ ...base, state: 'accepted', worker: me, acceptedAt: step.deviceAt, queued: offer?.queued ?? base.queued }, 'accept', step.deviceAt));
      return;
    }
    case 'decline':
      view.offers.delete(step.offerId);
      return;
    case 'call':
      update(view, step.incidentId, (i) => ({ ...i, callAttempts: i.callAttempts + 1, unreachable: step.body.answered ? false : i.unreachable }));
      return;
    case 'contact':
      update(view, step.incidentId, (i) => (i.state === 'accepted' ? stageDone({ ...i, state: 'contacted', contactedAt: step.deviceAt }, 'contact', step.deviceAt) : i));
      return;
    case 'arrive':
      update(view, step.incidentId, (i) => (i.state === 'contacted' ? stageDone({ ...i, state: 'arrived', arrivedAt: step.deviceAt }, 'arrive', step.deviceAt) : i));
      return;
    case 'close':
      update(view, step.incidentId, (i) => (i.state === 'arrived' ? { ...i, state: 'closed', closedAt: step.deviceAt, result: step.body.result } : i));
      return;
    case 'report':
      return;
  }
}

function put(view: PhoneState, incident: IncidentView): void {
  view.incidents.set(incident.id, incident);
}

function update(view: PhoneState, id: string, change: (incident: IncidentView) => IncidentView): void {
  const incident = view.incidents.get(id);
  if (incident) put(view, change(incident));
}

function stageDone(incident: IncidentView, stage: ClockStage, at: string): IncidentView {
  return { ...incident, clocks: incident.clocks.map((c) => (c.stage === stage && !c.doneAt ? { ...c, doneAt: at } : c)) };
}
