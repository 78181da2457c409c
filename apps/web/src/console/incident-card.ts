/** One case in the console's side panel: number, category, address, state, worker and the 1-3-8 clocks. */
import { CATEGORY_LABELS, CONTACT_KIND_LABELS, stateLabelOf, type IncidentView } from '@xiaonao/contracts';
import { clockChips } from '../shared/clock-chips';
import { worstRunningStatus } from '../shared/countdown';
import { h } from '../shared/dom';
import { formatDistance, formatTime } from '../shared/format-time';
import { label, locale, t } from '../shared/i18n';

export function incidentCard(incident: IncidentView, now: number, selected: boolean): HTMLElement {
  const card = h(
    'article',
    {
      class: `incident-card${selected ? ' selected' : ''}`,
      'data-testid': 'incident-card',
      'data-case-no': incident.caseNo,
      'data-state': incident.state,
      'data-incident-id': incident.id,
      'data-worst': incident.state === 'closed' ? 'closed' : worstRunningStatus(incident, now),
      tabindex: 0,
    },
    h(
      'header',
      { class: 'card-head' },
      h('span', { class: 'case-no num' }, incident.caseNo),
      h('span', { class: 'badge', 'data-state': incident.state, 'data-closure': incident.closure }, stateLabelOf(incident)[locale()]),
    ),
    h(
      'div',
      { class: 'card-meta' },
      h('span', { class: 'category' }, label(CATEGORY_LABELS, incident.category)),
      incident.grid ? h('span', { class: 'muted' }, incident.grid.name) : null,
      h('span', { class: 'muted num card-time' }, formatTime(incident.receivedAt)),
    ),
    h('div', { class: 'card-address' }, incident.address),
    h(
      'div',
      { class: 'card-worker' },
      h('span', { class: 'muted' }, `${t(incident.state === 'offered' ? 'offeredTo' : 'worker')}${locale() === 'zh' ? '：' : ': '}`),
      incident.worker ? h('span', {}, incident.worker.name) : h('span', { class: 'unassigned' }, t('unassigned')),
    ),
    incident.awaitingConfirmation ? h('div', { class: 'card-flag flag-confirm', 'data-testid': 'awaiting-confirmation' }, t('awaitingConfirmation')) : null,
    incident.arrivalAtRisk && incident.state !== 'closed' && !incident.arrivedAt
      ? h('div', { class: 'card-flag flag-risk', 'data-testid': 'arrival-at-risk' }, `⚠ ${t('arrivalAtRisk')}`)
      : null,
    contactFlags(incident),
    clockChips(incident, now),
  );
  return card;
}

/** How contact and arrival were established, when there is something to say: site check, calls, 联系不上, how the worker arrived. */
function contactFlags(incident: IncidentView): HTMLElement | null {
  const open = incident.state !== 'closed';
  const flags = [
    incident.contactKind === 'site_check' ? h('span', { class: 'flag-confirm', 'data-testid': 'site-check' }, label(CONTACT_KIND_LABELS, 'site_check')) : null,
    incident.callAttempts > 0 ? h('span', { class: 'muted', 'data-testid': 'call-attempts' }, t('callAttempts').replace('{n}', String(incident.callAttempts))) : null,
    incident.unreachable && open ? h('span', { class: 'flag-risk', 'data-testid': 'unreachable' }, `⚠ ${t('unreachable')}`) : null,
    incident.arrivedAuto ? h('span', { class: 'flag-confirm', 'data-testid': 'arrived-auto' }, t('arrivedAuto')) : null,
    incident.arrivalFlagged
      ? h(
          'span',
          { class: 'flag-risk', 'data-testid': 'arrival-flagged' },
          `⚠ ${incident.arrivalDistanceM === null ? t('arrivalNoFix') : t('arrivalFar').replace('{d}', formatDistance(incident.arrivalDistanceM))}`,
        )
      : null,
  ].filter((flag) => flag !== null);
  // Inline on one line, set apart like the card's other facts.
  return flags.length ? h('div', { class: 'card-flag' }, ...flags.flatMap((flag, i) => (i ? [' · ', flag] : [flag]))) : null;
}
