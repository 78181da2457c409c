/**
 * A slow case opened from the review, read-only: its facts, its 1-3-8 clocks and its hash-chained
 * timeline with the hub's verdict (「时间线校验通过」 or the failure), as the station's drawer shows
 * them. The timeline and the badge are the shared builders (shared/case-timeline.ts).
 */
import type { JSX } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { API, CLOSURE_LABELS, INCIDENT_SOURCE_LABELS, stateLabelOf, type IncidentDetailView } from '@xiaonao/contracts';
import type { TimelineVerdict } from '@xiaonao/domain';
import { errorText, type ApiClient } from '../shared/api-client';
import { caseTimeline, verdictBadge } from '../shared/case-timeline';
import { clockChips } from '../shared/clock-chips';
import { formatDateTime } from '../shared/format-time';
import { serverNow } from '../shared/server-clock';
import { DomNode } from './dom-node';
import { categoryLabel } from './review-format';
import { labelOf, lang, rt } from './review-text';

export interface CaseDrawerProps {
  api: ApiClient;
  id: string;
  onClose: () => void;
}

type Verdict = TimelineVerdict | 'unavailable' | null;

function Fact({ name, value }: { name: string; value: string | null | undefined }): JSX.Element | null {
  if (!value) return null;
  return (
    <div class="fact">
      <dt>{name}</dt>
      <dd>{value}</dd>
    </div>
  );
}

export function CaseDrawer({ api, id, onClose }: CaseDrawerProps): JSX.Element {
  const [detail, setDetail] = useState<IncidentDetailView | null>(null);
  const [verdict, setVerdict] = useState<Verdict>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    setDetail(null);
    setVerdict(null);
    setError(null);
    // Asked alongside the detail; a check that fails to answer must not hide the timeline.
    const checked = api.get<TimelineVerdict>(API.timelineVerify(id)).catch((): 'unavailable' => 'unavailable');
    api
      .get<IncidentDetailView>(API.incident(id))
      .then(async (d) => {
        const v = await checked;
        if (!current) return;
        setDetail(d);
        setVerdict(v);
      })
      .catch((e: unknown) => {
        if (current) setError(errorText(e));
      });
    return () => {
      current = false;
    };
  }, [api, id]);

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
  const clocks = useMemo(() => (detail ? clockChips(detail, serverNow()) : null), [detail, locale]);

  return (
    <aside class="case-drawer" data-testid="case-drawer" data-case-id={id} data-case-no={detail?.caseNo} aria-label={rt('drawerTitle')}>
      <div class="drawer-head">
        <div>
          <div class="drawer-title">{rt('drawerTitle')}</div>
          <div class="drawer-case-no num" data-testid="drawer-case-no">
            {detail?.caseNo ?? ''}
          </div>
        </div>
        {detail ? (
          <span class="badge" data-state={detail.state} data-closure={detail.closure}>
            {stateLabelOf(detail)[locale]}
          </span>
        ) : null}
        <button class="btn btn-ghost" type="button" data-testid="drawer-close" aria-label={rt('close')} onClick={onClose}>
          ✕
        </button>
      </div>
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
          {clocks ? <DomNode node={clocks} /> : null}
          <h3 class="drawer-sub">
            {rt('timeline')} {badge ? <DomNode node={badge} inline /> : null}
          </h3>
          {timeline ? <DomNode node={timeline} testId="drawer-timeline" /> : null}
        </>
      ) : error ? null : (
        <p class="muted">{rt('loading')}</p>
      )}
    </aside>
  );
}
