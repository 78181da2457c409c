/**
 * 提醒记录 in the case detail: every attempt to reach a worker about the case's offers, grouped by
 * offer, so an operator tells a missed accept (read, no answer) from a missed message (failed, never
 * delivered). Kept as one element across the detail's redraws; pushed attempts update it in place.
 */
import { API, ATTEMPT_STATUS_LABELS, CHANNEL_LABELS, type PageAttemptView, type TimelineEntryView, type WorkerView } from '@xiaonao/contracts';
import { ApiError, errorText, type ApiClient } from '../shared/api-client';
import { h } from '../shared/dom';
import { formatTime } from '../shared/format-time';
import { label, t, type TextKey } from '../shared/i18n';
import { attemptTone, groupAttempts, mergeAttempt, type OfferAttempts, type OfferOutcome, type OfferReach } from './page-attempts';

const OUTCOME_TEXT: Readonly<Record<OfferOutcome, TextKey>> = {
  accepted: 'pageOutcomeAccepted',
  declined: 'pageOutcomeDeclined',
  expired: 'pageOutcomeExpired',
  open: 'pageOutcomeOpen',
};

const REACH_TEXT: Readonly<Record<OfferReach, TextKey>> = {
  reached: 'pageReachReached',
  delivered: 'pageReachDelivered',
  missed: 'pageReachMissed',
  underway: 'pageReachUnderway',
};

/** `unavailable`: a hub without paging (404), shown as no attempts rather than as an error. */
type LoadState = { kind: 'loading' } | { kind: 'ready' } | { kind: 'unavailable' } | { kind: 'error'; message: string };

export class PageAttemptsSection {
  /** The section's element, re-attached by every redraw of the detail. */
  readonly el = h('div', { class: 'page-attempts', 'data-testid': 'page-attempts' });
  private incidentId: string | null = null;
  private attempts: PageAttemptView[] = [];
  /** Attempts pushed since the last load began: newer than what that load brings. */
  private readonly pushed = new Map<string, PageAttemptView>();
  private timeline: readonly TimelineEntryView[] = [];
  private state: LoadState = { kind: 'loading' };
  private seq = 0;

  constructor(
    private readonly api: ApiClient,
    private readonly workers: () => WorkerView[],
  ) {}

  /** Another case (null: none): forget the last one's attempts. */
  reset(incidentId: string | null): void {
    if (this.incidentId === incidentId) return;
    this.incidentId = incidentId;
    this.attempts = [];
    this.timeline = [];
    this.state = { kind: 'loading' };
    this.pushed.clear();
    this.seq++;
    this.paint();
  }

  /** The case's timeline names the offers (when, to whom) and what became of them. */
  setTimeline(timeline: readonly TimelineEntryView[]): void {
    this.timeline = timeline;
    this.paint();
  }

  async load(): Promise<void> {
    const id = this.incidentId;
    if (!id) return;
    const seq = ++this.seq;
    this.pushed.clear();
    try {
      const attempts = await this.api.get<PageAttemptView[]>(API.incidentPages(id));
      if (seq !== this.seq) return;
      this.attempts = [...this.pushed.values()].reduce(mergeAttempt, attempts);
      this.state = { kind: 'ready' };
    } catch (e) {
      if (seq !== this.seq) return;
      this.state = e instanceof ApiError && e.status === 404 ? { kind: 'unavailable' } : { kind: 'error', message: errorText(e) };
    }
    this.paint();
  }

  /** A `page.updated` event: applied when it is about the case shown. */
  update(attempt: PageAttemptView): boolean {
    if (attempt.incidentId !== this.incidentId) return false;
    this.attempts = mergeAttempt(this.attempts, attempt);
    this.pushed.set(attempt.id, attempt);
    if (this.state.kind !== 'error') this.state = { kind: 'ready' };
    this.paint();
    return true;
  }

  /** Redraw in the current language. */
  paint(): void {
    const groups = groupAttempts(this.attempts, this.timeline);
    if (!groups.length) {
      const s = this.state;
      this.el.replaceChildren(
        s.kind === 'error' ? h('p', { class: 'error-text' }, s.message) : h('p', { class: 'muted' }, t(s.kind === 'loading' ? 'loading' : 'pageNone')),
      );
      return;
    }
    this.el.replaceChildren(...groups.map((g) => this.offer(g)));
  }

  private offer(group: OfferAttempts): HTMLElement {
    const name = group.workerName ?? this.workers().find((w) => w.id === group.workerId)?.name ?? group.workerId.slice(0, 8);
    // Read without an answer is the one to act on: the worker saw it and did not take it.
    const missedAccept = group.reach === 'reached' && (group.outcome === 'expired' || group.outcome === 'declined');
    return h(
      'section',
      { class: 'page-offer', 'data-testid': 'page-offer', 'data-offer-id': group.offerId, 'data-outcome': group.outcome, 'data-reach': group.reach },
      h(
        'div',
        { class: 'page-offer-head' },
        h('strong', {}, name),
        group.offeredAt ? h('span', { class: 'muted num' }, `${t('pageOfferedAt')} ${formatTime(group.offeredAt)}`) : null,
        h('span', { class: 'page-chip', 'data-outcome': group.outcome }, t(OUTCOME_TEXT[group.outcome])),
        h(
          'span',
          { class: 'page-chip', 'data-reach': group.reach, 'data-testid': 'page-reach', title: t(missedAccept ? 'pageMissedAcceptHint' : REACH_TEXT[group.reach]) },
          t(missedAccept ? 'pageMissedAccept' : REACH_TEXT[group.reach]),
        ),
      ),
      h(
        'table',
        { class: 'page-table' },
        h('thead', {}, h('tr', {}, ...(['pageStep', 'pageChannel', 'pageStatus', 'pageDue', 'pageSent', 'pageResult'] as const).map((k) => h('th', {}, t(k))))),
        ...group.attempts.map((a) => this.rows(a)),
      ),
    );
  }

  /** One attempt: its facts on a line, the provider's words (often long) on a line of their own below. */
  private rows(a: PageAttemptView): HTMLElement {
    const time = (at: string | null) => h('td', { class: 'num' }, at ? formatTime(at) : '—');
    return h(
      'tbody',
      { 'data-testid': 'page-attempt', 'data-attempt-id': a.id, 'data-channel': a.channel, 'data-status': a.status },
      h(
        'tr',
        {},
        h('td', { class: 'num' }, String(a.step + 1)),
        h('td', {}, label(CHANNEL_LABELS, a.channel)),
        h('td', {}, h('span', { class: 'page-status', 'data-tone': attemptTone(a.status) }, label(ATTEMPT_STATUS_LABELS, a.status))),
        time(a.dueAt),
        time(a.sentAt),
        time(a.resultAt),
      ),
      a.detail ? h('tr', { class: 'page-detail-row' }, h('td', {}), h('td', { class: 'page-detail', colspan: 5, 'data-testid': 'page-detail' }, a.detail)) : null,
    );
  }
}
