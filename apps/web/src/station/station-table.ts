/** The station's table of handed-over cases: one row each, with time taken per 1-3-8 stage; a row opens the case. */
import { CATEGORY_LABELS, CLOCK_STAGES, CLOCK_STAGE_LABELS, stateLabelOf, type IncidentView } from '@xiaonao/contracts';
import { clockChip } from '../shared/clock-chips';
import { h } from '../shared/dom';
import { formatDateTime } from '../shared/format-time';
import { label, locale, t } from '../shared/i18n';
import { followUpCell } from './followup-cell';
import { st } from './station-text';

export function renderTableHead(thead: HTMLElement): void {
  thead.replaceChildren(
    h(
      'tr',
      {},
      h('th', {}, t('caseNo')),
      h('th', {}, t('receivedAt')),
      h('th', {}, t('category')),
      h('th', {}, t('address')),
      h('th', {}, t('state')),
      h('th', {}, t('worker')),
      ...CLOCK_STAGES.map((stage) => h('th', { class: 'stage-col' }, label(CLOCK_STAGE_LABELS, stage))),
      h('th', {}, t('result')),
    ),
  );
}

export function stationRow(incident: IncidentView, fresh: boolean): HTMLTableRowElement {
  const clockCell = (stage: (typeof CLOCK_STAGES)[number]) => {
    const clock = incident.clocks.find((c) => c.stage === stage);
    return h('td', { class: 'stage-cell' }, clock ? clockChip(incident, clock, false) : '—');
  };
  return h(
    'tr',
    { 'data-testid': 'station-row', 'data-id': incident.id, 'data-case-no': incident.caseNo, 'data-state': incident.state, 'data-closure': incident.closure, class: fresh ? 'fresh' : null },
    // The whole row opens the case; the number is the button a keyboard reaches.
    h('td', { class: 'num case-no' }, h('button', { class: 'case-open', type: 'button', 'data-testid': 'open-case', title: st('openCase') }, incident.caseNo)),
    h('td', { class: 'num nowrap' }, formatDateTime(incident.receivedAt)),
    h('td', { class: 'nowrap' }, label(CATEGORY_LABELS, incident.category)),
    h('td', { class: 'address', title: incident.description }, incident.address),
    // A closed case says how it closed: 已办结, or 已退回公安 / 已移交12345.
    h('td', {}, h('span', { class: 'badge', 'data-state': incident.state, 'data-closure': incident.closure }, stateLabelOf(incident)[locale()])),
    h('td', { class: 'nowrap' }, incident.worker ? incident.worker.name : h('span', { class: 'muted' }, t('unassigned'))),
    ...CLOCK_STAGES.map(clockCell),
    h('td', { class: 'result' }, incident.result ?? incident.handback?.reason ?? '', followUpCell(incident)),
  );
}
