/** page_attempt rows: each planned or made attempt to reach a worker about an offer. */
import type { AttemptStatus, ChannelKind, PageAttemptView } from '@xiaonao/contracts';

export interface PageRow {
  id: string;
  township_id: string;
  offer_id: string;
  incident_id: string;
  worker_id: string;
  step: number;
  channel: ChannelKind;
  status: AttemptStatus;
  due_at: Date;
  sent_at: Date | null;
  result_at: Date | null;
  address: string | null;
  provider_ref: string | null;
  detail: string | null;
  claimed_at: Date | null;
  next_check_at: Date | null;
}

export function toPageView(r: PageRow): PageAttemptView {
  return {
    id: r.id,
    offerId: r.offer_id,
    incidentId: r.incident_id,
    workerId: r.worker_id,
    step: r.step,
    channel: r.channel,
    status: r.status,
    dueAt: r.due_at.toISOString(),
    sentAt: r.sent_at ? r.sent_at.toISOString() : null,
    resultAt: r.result_at ? r.result_at.toISOString() : null,
    detail: r.detail,
  };
}

/** Statuses after which an attempt changes no more. */
export const SETTLED: readonly AttemptStatus[] = ['read', 'answered', 'failed', 'unknown', 'skipped', 'cancelled'];
