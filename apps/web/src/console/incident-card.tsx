/** One case in the console's side panel: number, category, address, state, worker, camera facts and the 1-3-8 clocks. */
import { computed } from '@preact/signals';
import { useMemo } from 'preact/hooks';
import { CATEGORY_LABELS, CONTACT_KIND_LABELS, stateLabelOf, type IncidentView } from '@xiaonao/contracts';
import { worstRunningStatus } from '../shared/countdown';
import { formatDistance, formatTime } from '../shared/format-time';
import { label, locale, t } from '../shared/i18n';
import { ClockChips } from '../shared/ui/clock-chips';
import { now, useLanguage } from '../shared/ui/page-signals';
import { CameraFlag } from './camera-flag';

/**
 * The card's colour: closed, or its worst running clock. A computed per copy of the case, so the second's
 * tick re-renders the card only when a clock turns, and a new copy is judged at once.
 */
function useWorst(incident: IncidentView): string {
  return useMemo(() => computed(() => (incident.state === 'closed' ? 'closed' : worstRunningStatus(incident, now.value))), [incident]).value;
}

export function IncidentCard({ incident, selected, fresh, onPick }: { incident: IncidentView; selected: boolean; fresh: boolean; onPick: (id: string) => void }) {
  useLanguage();
  const worst = useWorst(incident);
  return (
    <article
      class={`incident-card${selected ? ' selected' : ''}${fresh ? ' fresh' : ''}`}
      data-testid="incident-card"
      data-case-no={incident.caseNo}
      data-state={incident.state}
      data-incident-id={incident.id}
      data-worst={worst}
      tabIndex={0}
      onClick={() => onPick(incident.id)}
      onKeyDown={(event) => {
        if (event.key === 'Enter') onPick(incident.id);
      }}
    >
      <header class="card-head">
        <span class="case-no num">{incident.caseNo}</span>
        <span class="badge" data-state={incident.state} data-closure={incident.closure ?? undefined}>
          {stateLabelOf(incident)[locale()]}
        </span>
      </header>
      <div class="card-meta">
        <span class="category">{label(CATEGORY_LABELS, incident.category)}</span>
        {incident.grid ? <span class="muted">{incident.grid.name}</span> : null}
        <span class="muted num card-time">{formatTime(incident.receivedAt)}</span>
      </div>
      <div class="card-address">{incident.address}</div>
      <CameraFlag incident={incident} />
      <div class="card-worker">
        <span class="muted">{`${t(incident.state === 'offered' ? 'offeredTo' : 'worker')}${locale() === 'zh' ? '：' : ': '}`}</span>
        {incident.worker ? <span>{incident.worker.name}</span> : <span class="unassigned">{t('unassigned')}</span>}
      </div>
      {incident.awaitingConfirmation ? (
        <div class="card-flag flag-confirm" data-testid="awaiting-confirmation">
          {t('awaitingConfirmation')}
        </div>
      ) : null}
      {incident.arrivalAtRisk && incident.state !== 'closed' && !incident.arrivedAt ? (
        <div class="card-flag flag-risk" data-testid="arrival-at-risk">
          {`⚠ ${t('arrivalAtRisk')}`}
        </div>
      ) : null}
      <ContactFlags incident={incident} />
      <ClockChips incident={incident} />
    </article>
  );
}

/** How contact and arrival were established, when there is something to say: site check, calls, 联系不上, how the worker arrived. */
function ContactFlags({ incident }: { incident: IncidentView }) {
  const open = incident.state !== 'closed';
  const flags = [
    incident.contactKind === 'site_check' ? (
      <span class="flag-confirm" data-testid="site-check">
        {label(CONTACT_KIND_LABELS, 'site_check')}
      </span>
    ) : null,
    incident.callAttempts > 0 ? (
      <span class="muted" data-testid="call-attempts">
        {t('callAttempts').replace('{n}', String(incident.callAttempts))}
      </span>
    ) : null,
    incident.unreachable && open ? (
      <span class="flag-risk" data-testid="unreachable">
        {`⚠ ${t('unreachable')}`}
      </span>
    ) : null,
    incident.arrivedAuto ? (
      <span class="flag-confirm" data-testid="arrived-auto">
        {t('arrivedAuto')}
      </span>
    ) : null,
    incident.arrivalFlagged ? (
      <span class="flag-risk" data-testid="arrival-flagged">
        {`⚠ ${incident.arrivalDistanceM === null ? t('arrivalNoFix') : t('arrivalFar').replace('{d}', formatDistance(incident.arrivalDistanceM))}`}
      </span>
    ) : null,
  ].filter((flag) => flag !== null);
  // Inline on one line, set apart like the card's other facts.
  return flags.length ? <div class="card-flag">{flags.flatMap((flag, i) => (i ? [' · ', flag] : [flag]))}</div> : null;
}
