/**
 * Every worker the dispatcher considered: the ranked ones with their estimate, the others with the
 * reason. The top ones show; the rest fold behind 「另有 N 人未列出」 with their reasons counted.
 */
import { useState } from 'preact/hooks';
import { SKIP_REASON_LABELS, TEAM_LABELS, TRAVEL_MODE_LABELS, type CandidateView, type IncidentDetailView, type Locale } from '@xiaonao/contracts';
import { formatDistance } from '../shared/format-time';
import { label, locale, t } from '../shared/i18n';
import { now, useLanguage } from '../shared/ui/page-signals';
import { workers } from './console-store';
import { ReachBadge } from './reach-badge';
import { reasonCounts, shownCandidates } from './shown-candidates';

const DETAIL_TEXT = {
  eligibleBelowCut: { zh: '可派但排名靠后', en: 'Eligible, ranked lower' },
} satisfies Record<string, Record<Locale, string>>;

const minutes = (s: number | null) => (s === null ? '' : `${Math.floor(s / 60)}:${String(Math.round(s % 60)).padStart(2, '0')}`);

function CandidateRow({ c }: { c: CandidateView }) {
  // The hub's verdict when it judged; the worker's reachability now explains it on hover.
  const reachNow = workers.value.get(c.workerId)?.reachability;
  return (
    <li data-skipped={c.skipped ?? ''} data-stale={c.stale ? 'true' : undefined} data-worker-id={c.workerId} title={c.stale ? t('stalePosition') : undefined}>
      <span class="num">{c.rank === null ? '–' : String(c.rank)}</span>
      <span>
        {`${c.name} · ${label(TEAM_LABELS, c.team)}`}
        {c.reachability ? <ReachBadge verdict={c.reachability} reach={reachNow} now={now.peek()} /> : null}
      </span>
      <span class="muted">
        {[
          c.distanceM === null ? null : formatDistance(c.distanceM),
          c.etaSeconds === null ? null : `${t('eta')} ${minutes(c.etaSeconds)}${c.mode ? ` ${label(TRAVEL_MODE_LABELS, c.mode)}` : ''}`,
          c.ownGrid ? t('ownGrid') : null,
          c.stale ? t('stalePosition') : null,
          c.queued ? t('queuedCandidate') : null,
          c.skipped ? label(SKIP_REASON_LABELS, c.skipped) : null,
        ]
          .filter(Boolean)
          .join(' · ')}
      </span>
    </li>
  );
}

export function Recommendation({ detail }: { detail: IncidentDetailView | null }) {
  useLanguage();
  /** 「另有 N 人未列出」 opened by the operator; the detail is the case's own, so another case starts folded. */
  const [restOpen, setRestOpen] = useState(false);
  const rec = detail?.recommendation;
  if (!rec) return <p class="muted">{detail ? '—' : t('loading')}</p>;
  const { shown, hidden, rest } = shownCandidates(rec.candidates);
  const reasons = reasonCounts(rest).map(({ reason, count }) => `${reason ? label(SKIP_REASON_LABELS, reason) : DETAIL_TEXT.eligibleBelowCut[locale()]} ${count}`);
  return (
    <div class="recommendation" data-testid="recommendation">
      {rec.arrivalAtRisk ? <p class="flag-risk">{`⚠ ${t('arrivalAtRisk')}`}</p> : null}
      <ol class="candidates">
        {shown.map((c) => (
          <CandidateRow key={c.workerId} c={c} />
        ))}
      </ol>
      {hidden > 0 ? (
        <details class="candidates-more" data-testid="candidates-more" open={restOpen} onToggle={(e) => setRestOpen(e.currentTarget.open)}>
          <summary class="muted">{[t('moreCandidates').replace('{n}', String(rest.length)), ...reasons].join(' · ')}</summary>
          <ol class="candidates candidates-rest" data-testid="candidates-rest">
            {rest.map((c) => (
              <CandidateRow key={c.workerId} c={c} />
            ))}
          </ol>
        </details>
      ) : null}
    </div>
  );
}
