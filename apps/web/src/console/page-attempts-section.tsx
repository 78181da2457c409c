/**
 * 提醒记录 in the case detail: every attempt to reach a worker about the case's offers, grouped by
 * offer, so an operator tells a missed accept (read, no answer) from a missed message (failed, never
 * delivered). Loaded with each change of the case; pushed attempts update it in place.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { API, ATTEMPT_STATUS_LABELS, CHANNEL_LABELS, type PageAttemptView, type TimelineEntryView } from '@xiaonao/contracts';
import { ApiError, errorText } from '../shared/api-client';
import { formatTime } from '../shared/format-time';
import { label, t, type TextKey } from '../shared/i18n';
import { useLanguage } from '../shared/ui/page-signals';
import { useActions } from './console-context';
import { workers } from './console-store';
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

/** `version` moves with every change of the case (each reloads the attempts); the timeline names the offers. */
export function PageAttemptsSection({ incidentId, version, timeline }: { incidentId: string; version: string; timeline: readonly TimelineEntryView[] }) {
  useLanguage();
  const actions = useActions();
  const [attempts, setAttempts] = useState<readonly PageAttemptView[]>([]);
  const [state, setState] = useState<LoadState>({ kind: 'loading' });
  /** Attempts pushed since the last load began: newer than what that load brings. */
  const pushed = useRef(new Map<string, PageAttemptView>());
  const seq = useRef(0);

  useEffect(() => {
    const mine = ++seq.current;
    pushed.current.clear();
    actions.api.get<PageAttemptView[]>(API.incidentPages(incidentId)).then(
      (loaded) => {
        if (mine !== seq.current) return;
        setAttempts([...pushed.current.values()].reduce(mergeAttempt, loaded));
        setState({ kind: 'ready' });
      },
      (e: unknown) => {
        if (mine !== seq.current) return;
        setState(e instanceof ApiError && e.status === 404 ? { kind: 'unavailable' } : { kind: 'error', message: errorText(e) });
      },
    );
  }, [version]);

  useEffect(
    () =>
      actions.listenDetail({
        pageUpdated: (attempt) => {
          if (attempt.incidentId !== incidentId) return;
          pushed.current.set(attempt.id, attempt);
          setAttempts((known) => mergeAttempt([...known], attempt));
          setState((s) => (s.kind === 'error' ? s : { kind: 'ready' }));
        },
        clockAlert: () => undefined,
      }),
    [incidentId],
  );
  useEffect(() => () => void seq.current++, []);

  const groups = groupAttempts([...attempts], timeline);
  return (
    <div class="page-attempts" data-testid="page-attempts">
      {groups.length ? (
        groups.map((g) => <Offer key={g.offerId} group={g} />)
      ) : state.kind === 'error' ? (
        <p class="error-text">{state.message}</p>
      ) : (
        <p class="muted">{t(state.kind === 'loading' ? 'loading' : 'pageNone')}</p>
      )}
    </div>
  );
}

function Offer({ group }: { group: OfferAttempts }) {
  const name = group.workerName ?? workers.value.get(group.workerId)?.name ?? group.workerId.slice(0, 8);
  // Read without an answer is the one to act on: the worker saw it and did not take it.
  const missedAccept = group.reach === 'reached' && (group.outcome === 'expired' || group.outcome === 'declined');
  return (
    <section class="page-offer" data-testid="page-offer" data-offer-id={group.offerId} data-outcome={group.outcome} data-reach={group.reach}>
      <div class="page-offer-head">
        <strong>{name}</strong>
        {group.offeredAt ? <span class="muted num">{`${t('pageOfferedAt')} ${formatTime(group.offeredAt)}`}</span> : null}
        <span class="page-chip" data-outcome={group.outcome}>
          {t(OUTCOME_TEXT[group.outcome])}
        </span>
        <span class="page-chip" data-reach={group.reach} data-testid="page-reach" title={t(missedAccept ? 'pageMissedAcceptHint' : REACH_TEXT[group.reach])}>
          {t(missedAccept ? 'pageMissedAccept' : REACH_TEXT[group.reach])}
        </span>
      </div>
      <table class="page-table">
        <thead>
          <tr>
            {(['pageStep', 'pageChannel', 'pageStatus', 'pageDue', 'pageSent', 'pageResult'] as const).map((k) => (
              <th key={k}>{t(k)}</th>
            ))}
          </tr>
        </thead>
        {group.attempts.map((a) => (
          <AttemptRows key={a.id} attempt={a} />
        ))}
      </table>
    </section>
  );
}

/** One attempt: its facts on a line, the provider's words (often long) on a line of their own below. */
function AttemptRows({ attempt: a }: { attempt: PageAttemptView }) {
  const time = (at: string | null) => <td class="num">{at ? formatTime(at) : '—'}</td>;
  return (
    <tbody data-testid="page-attempt" data-attempt-id={a.id} data-channel={a.channel} data-status={a.status}>
      <tr>
        <td class="num">{String(a.step + 1)}</td>
        <td>{label(CHANNEL_LABELS, a.channel)}</td>
        <td>
          <span class="page-status" data-tone={attemptTone(a.status)}>
            {label(ATTEMPT_STATUS_LABELS, a.status)}
          </span>
        </td>
        {time(a.dueAt)}
        {time(a.sentAt)}
        {time(a.resultAt)}
      </tr>
      {a.detail ? (
        <tr class="page-detail-row">
          <td />
          <td class="page-detail" colSpan={5} data-testid="page-detail">
            {a.detail}
          </td>
        </tr>
      ) : null}
    </tbody>
  );
}
