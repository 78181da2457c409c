/**
 * The life of an incident: received → offered → accepted → contacted → arrived → closed.
 * A declined or unanswered offer sends it back to received, to be offered to the next worker.
 */
import type { IncidentState } from '@xiaonao/contracts';
import { DomainError } from '../errors';

export type WorkerStep = 'accept' | 'decline' | 'contact' | 'arrive' | 'close';

export interface IncidentSnapshot {
  state: IncidentState;
  /** The worker who holds the case (accepted), or to whom it is offered. */
  workerId: string | null;
  /**
   * Workers with an open offer for the case: one in sequential offers, several in a race (first to
   * accept wins). Defaults to the holder.
   */
  offeredTo?: readonly string[];
  /**
   * The worker taking the step once had an offer for this case (or held it). A step from them on a
   * case that is no longer theirs was overtaken: the case went to someone else, or its offer lapsed,
   * while their phone was offline. They are told so plainly instead of 「不是派给您的」.
   */
  formerlyTheirs?: boolean;
}

const FROM: Record<WorkerStep, IncidentState> = {
  accept: 'offered',
  decline: 'offered',
  contact: 'accepted',
  arrive: 'contacted',
  close: 'arrived',
};

const TO: Record<WorkerStep, IncidentState> = {
  accept: 'accepted',
  decline: 'received',
  contact: 'contacted',
  arrive: 'arrived',
  close: 'closed',
};

const STEP_ZH: Record<WorkerStep, string> = { accept: '接单', decline: '拒单', contact: '联系当事人', arrive: '到场', close: '办结' };

const STATE_ZH: Record<IncidentState, string> = {
  received: '待派单',
  offered: '派单中',
  accepted: '已接单',
  contacted: '已联系',
  arrived: '已到场',
  closed: '已办结',
};

/** The state after `workerId` takes `step`; throws a DomainError naming what is wrong. */
export function applyWorkerStep(incident: IncidentSnapshot, step: WorkerStep, workerId: string): IncidentState {
  const answering = step === 'accept' || step === 'decline';
  const mine = answering && incident.state === 'offered' ? (incident.offeredTo ?? [incident.workerId]).includes(workerId) : incident.workerId === workerId;
  if (!mine) throw notYours(incident);
  if (incident.state !== FROM[step]) {
    throw new DomainError(
      'ILLEGAL_TRANSITION',
      `当前状态为「${STATE_ZH[incident.state]}」，不能「${STEP_ZH[step]}」`,
      `Cannot ${step} while the case is ${incident.state}`,
    );
  }
  return TO[step];
}

function notYours(incident: IncidentSnapshot): DomainError {
  if (!incident.formerlyTheirs) return new DomainError('NOT_YOUR_CASE', '该事件不是派给您的，无法操作', 'This case is not assigned or offered to you');
  const someoneElse = incident.workerId !== null || (incident.offeredTo ?? []).length > 0 || incident.state === 'closed';
  if (someoneElse) return new DomainError('CASE_REASSIGNED', '该事件已改派给他人', 'This case has gone to someone else');
  return new DomainError('OFFER_NOT_OPEN', '派单已超时，正在转派他人', 'The offer lapsed; the case is being offered to someone else');
}

/** After a decline the case waits for a worker again, unless other offers of a race still stand. */
export function afterDecline(otherOpenOffers: number): IncidentState {
  return otherOpenOffers > 0 ? 'offered' : 'received';
}

/** An offer may be made only while the case waits for a worker. */
export function canOffer(state: IncidentState): boolean {
  return state === 'received';
}

/** An offer that times out is treated like a decline without a reason. */
export function afterOfferLapsed(state: IncidentState): IncidentState {
  return state === 'offered' ? 'received' : state;
}

export function isOpen(state: IncidentState): boolean {
  return state !== 'closed';
}

/**
 * What an operator's assignment does to a case in `state`: a waiting or offered case is offered to
 * the chosen worker; a case in hand is taken from its worker and offered to the chosen one.
 */
export function assignmentKind(state: IncidentState): 'offer' | 'reassign' {
  switch (state) {
    case 'received':
    case 'offered':
      return 'offer';
    case 'accepted':
    case 'contacted':
    case 'arrived':
      return 'reassign';
    case 'closed':
      throw new DomainError('ILLEGAL_TRANSITION', '事件已办结，不能再指派', 'The case is closed');
  }
}

/**
 * A queued case (taken by a busy worker as their next one) waits until the current case closes: the
 * worker may already call the party to say when they will come, but cannot arrive at or close it.
 */
export function checkQueuedStep(queued: boolean, step: WorkerStep): void {
  if (queued && (step === 'arrive' || step === 'close')) {
    throw new DomainError('ILLEGAL_TRANSITION', '这是排队任务，请先办结当前事件', 'This case is queued: close the current case first');
  }
}
