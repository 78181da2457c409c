/**
 * A slow case opened from the review, read-only: its facts, its 1-3-8 clocks and its hash-chained
 * timeline with the hub's verdict (「时间线校验通过」 or the failure), as the station's drawer shows
 * them. The timeline and the badge are the shared builders (shared/case-timeline.ts).
 */
import type { JSX } from 'preact';
import { useEffect, useMemo } from 'preact/hooks';
import { API, CLOSURE_LABELS, INCIDENT_SOURCE_LABELS, stateLabelOf } from '@xiaonao/contracts';
import type { ApiClient } from '../shared/api-client';
import { caseTimeline, verdictBadge } from '../shared/case-timeline';
import { formatDateTime } from '../shared/format-time';
import { DrawerHead, Fact } from '../shared/ui/case-drawer-parts';
import { ClockChips } from '../shared/ui/clock-chips';
import { DomHost } from '../shared/ui/dom-host';
import { useCaseDetail } from '../shared/ui/use-case-detail';
import { categoryLabel } from './review-format';
import { labelOf, lang, rt } from './review-text';

export interface CaseDrawerProps {
  api: ApiClient;
  id: string;
  onClose: () => void;
}

export function CaseDrawer({ api, id, onClose }: CaseDrawerProps): JSX.Element {
  const { detail, verdict, error } = useCaseDetail(api, API.incident(id), API.timelineVerify(id));

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);

  const locale = lang.value;
  const verdictText = { checking: rt('timelineChecking'), ok: rt('timelineOk'), broken: rt('timelineBroken'), mismatch: rt('timelineMismatch'), unavailable: rt('timelineUnavailable') };
  // Rebuilt when the answer or the language changes; the shared builders read the language themselves.
  const badge = useMemo(() => (detail ? verdictBadge(verdict, verdictText) : null), [detail, verdict, locale]);
  const timeline = useMemo(() => (detail ? caseTimeline(detail, rt('noTimeline')) : null), [detail, locale]);

  return (
    <aside class="case-drawer" data-testid="case-drawer" data-case-id={id} data-case-no={detail?.caseNo} aria-label={rt('drawerTitle')}>
      <DrawerHead title={rt('drawerTitle')} caseNo={detail?.caseNo ?? ''} closeLabel={rt('close')} onClose={onClose}>
        {detail ? (
          <span class="badge" data-state={detail.state} data-closure={detail.closure}>
            {stateLabelOf(detail)[locale]}
          </span>
        ) : null}
      </DrawerHead>
      {error ? <p class="error-text">{error}</p> : null}
      {detail ? (
        <>
          <dl class="facts" data-testid="drawer-facts">
            <Fact name={rt('receivedAt')} value={formatDateTime(detail.receivedAt)} />
            <Fact name={rt('category')} value={categoryLabel(detail.category)} />
            <Fact name={rt('address')} value={detail.address} />
            <Fact name={rt('grid')} value={detail.grid?.name} />
            <Fact name={rt('worker')} value={detail.worker?.name} />
            <Fact name={rt('source')} value={labelOf(INCIDENT_SOURCE_LABELS, detail.source)} />
            <Fact name={rt('closed')} value={detail.closure ? labelOf(CLOSURE_LABELS, detail.closure) : null} />
          </dl>
          <ClockChips incident={detail} />
          <h3 class="drawer-sub">
            {rt('timeline')} {badge ? <DomHost node={badge} inline /> : null}
          </h3>
          {timeline ? <DomHost node={timeline} testId="drawer-timeline" /> : null}
        </>
      ) : error ? null : (
        <p class="muted">{rt('loading')}</p>
      )}
    </aside>
  );
}
