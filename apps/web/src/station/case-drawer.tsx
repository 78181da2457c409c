/**
 * One case opened from the station's table, read-only: its facts, its 1-3-8 clocks, its result and its
 * hash-chained timeline with the hub's verdict (「时间线校验通过」 or the failure). The detail comes from
 * the hub (GET /api/incidents/{id}, the station's own cases only); the caller's phone stays masked.
 */
import { useEffect, useMemo, useRef } from 'preact/hooks';
import { CATEGORY_LABELS, CHAIN_BREAK_LABELS, HANDOVER_12345_REASON_LABELS, INCIDENT_SOURCE_LABELS, POLICE_RETURN_REASON_LABELS, stateLabelOf, type IncidentDetailView, type Locale } from '@xiaonao/contracts';
import { caseTimeline } from '../shared/case-timeline';
import { formatDateTime } from '../shared/format-time';
import { label, locale, t } from '../shared/i18n';
import { DrawerHead, Fact } from '../shared/ui/case-drawer-parts';
import { ClockChips } from '../shared/ui/clock-chips';
import { DomHost } from '../shared/ui/dom-host';
import { openCase, useLanguage, type OpenCase } from './station-store';
import { st } from './station-text';

function handbackReason(category: string): string {
  const labels = { ...POLICE_RETURN_REASON_LABELS, ...HANDOVER_12345_REASON_LABELS } as Record<string, Record<Locale, string>>;
  return labels[category]?.[locale()] ?? category;
}

/** The hub's verdict on the timeline: null while asked, 'unavailable' when the hub could not answer. */
function VerdictBadge({ verdict }: { verdict: OpenCase['verdict'] }) {
  const badge = (words: string, ok: boolean | null, title?: string) => (
    <span class="badge verdict-badge" data-ok={ok === null ? undefined : String(ok)} data-testid="timeline-verdict" title={title}>
      {words}
    </span>
  );
  if (verdict === null) return badge(st('timelineChecking'), null);
  if (verdict === 'unavailable') return badge(st('timelineUnavailable'), null);
  if (!verdict.chain.ok) return badge(`${st('timelineBroken', { n: verdict.chain.seq })} · ${label(CHAIN_BREAK_LABELS, verdict.chain.reason)}`, false);
  if (verdict.mismatches.length) return badge(st('timelineMismatch'), false, verdict.mismatches.map((m) => `${m.field}: ${m.fromEvents ?? '—'} ≠ ${m.onRow ?? '—'}`).join('\n'));
  return badge(st('timelineOk'), true);
}

/** The timeline is drawn by the shared helper the other pages use; drawn again when the detail or the language changes. */
function Timeline({ detail }: { detail: IncidentDetailView }) {
  const language = useLanguage();
  const node = useMemo(() => caseTimeline(detail, st('noTimeline')), [detail, language]);
  return <DomHost node={node} testId="drawer-timeline" />;
}

function DrawerBody({ shown, onClose }: { shown: OpenCase; onClose: () => void }) {
  const { detail, verdict, error } = shown;
  const incident = detail ?? shown.incident;
  const closeButton = useRef<HTMLButtonElement>(null);
  // The keyboard lands in the panel on opening; Escape or the button closes it.
  useEffect(() => {
    closeButton.current?.focus();
  }, [shown.incident.id]);
  const caller = [incident.callerName, incident.callerPhone].filter(Boolean).join(' · ');
  const hb = incident.handback;
  return (
    <>
      <DrawerHead title={st('drawerTitle')} caseNo={incident.caseNo} closeLabel={st('close')} onClose={onClose} closeRef={closeButton}>
        <span class="badge" data-state={incident.state} data-closure={incident.closure} data-testid="drawer-state">
          {stateLabelOf(incident)[locale()]}
        </span>
      </DrawerHead>
      <h3 class="drawer-sub">{st('facts')}</h3>
      <dl class="facts" data-testid="drawer-facts">
        <Fact name={t('receivedAt')} value={formatDateTime(incident.receivedAt)} />
        <Fact name={st('source')} value={label(INCIDENT_SOURCE_LABELS, incident.source)} />
        <Fact name={t('category')} value={label(CATEGORY_LABELS, incident.category)} />
        <Fact name={t('address')} value={incident.address} />
        <Fact name={st('caller')} value={caller} />
        <Fact name={st('description')} value={incident.description} />
        <Fact name={st('grid')} value={incident.grid?.name ?? null} />
        <Fact name={t('worker')} value={incident.worker ? [incident.worker.name, incident.worker.phone].filter(Boolean).join(' · ') : t('unassigned')} />
      </dl>
      <h3 class="drawer-sub">{st('clocks')}</h3>
      <ClockChips incident={incident} />
      <h3 class="drawer-sub">{t('result')}</h3>
      <dl class="facts" data-testid="drawer-result">
        <Fact name={st('closure')} value={incident.closure ? stateLabelOf(incident)[locale()] : null} />
        <Fact name={st('closedAt')} value={incident.closedAt ? formatDateTime(incident.closedAt) : null} />
        <Fact name={t('result')} value={incident.result} />
        <Fact name={st('handback')} value={hb ? [handbackReason(hb.reasonCategory), hb.reason, hb.notes].filter(Boolean).join(' · ') : null} />
      </dl>
      {incident.closure || incident.result || hb ? null : <p class="muted">—</p>}
      <h3 class="drawer-sub">
        {st('timeline')} {detail ? <VerdictBadge verdict={verdict} /> : null}
      </h3>
      {error ? (
        <div data-testid="drawer-timeline">
          <p class="error-text">{error}</p>
        </div>
      ) : detail ? (
        <Timeline detail={detail} />
      ) : (
        <div data-testid="drawer-timeline">
          <p class="muted">{t('loading')}</p>
        </div>
      )}
    </>
  );
}

export function CaseDrawer({ onClose }: { onClose: () => void }) {
  useLanguage();
  const shown = openCase.value;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && openCase.value) onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <aside id="case-drawer" class="case-drawer" data-testid="case-drawer" aria-label="事件详情" hidden={!shown} data-case-no={shown?.incident.caseNo}>
      {shown ? <DrawerBody key={shown.incident.id} shown={shown} onClose={onClose} /> : null}
    </aside>
  );
}
