/**
 * 今日: the worker's cases of the day (Asia/Shanghai) with when each 1-3-8 stage was done, ✓ in time
 * or ✗ late, and the case queued next. The worker sees their own record as the command room sees it.
 */
import { CATEGORY_LABELS, stateLabelOf, type ClockStage, type IncidentView } from '@xiaonao/contracts';
import { h } from '../../../../apps/web/src/shared/dom';
import { formatTime, shanghaiDay } from '../../../../apps/web/src/shared/format-time';
import { label, locale, t, type TextKey } from '../../../../apps/web/src/shared/i18n';

const STAGES: [ClockStage, TextKey][] = [
  ['accept', 'todayAccept'],
  ['contact', 'todayContact'],
  ['arrive', 'todayArrive'],
];

/** This worker's cases received today, newest first. */
export function todaysCases(incidents: Iterable<IncidentView>, workerId: string, now: number): IncidentView[] {
  const today = shanghaiDay(new Date(now));
  return [...incidents]
    .filter((i) => i.worker?.id === workerId && i.state !== 'offered' && i.state !== 'received' && shanghaiDay(i.receivedAt) === today)
    .sort((a, b) => Date.parse(b.receivedAt) - Date.parse(a.receivedAt));
}

export function todaySection(cases: IncidentView[], pendingFor: (incidentId: string) => number): HTMLElement {
  return h(
    'section',
    { class: 'card today', 'data-testid': 'today' },
    h('div', { class: 'today-head' }, h('h2', {}, t('today')), h('span', { class: 'muted num' }, String(cases.length))),
    cases.length === 0 ? h('p', { class: 'muted' }, t('todayEmpty')) : h('ul', { class: 'today-list' }, ...cases.map((i) => todayRow(i, pendingFor(i.id)))),
  );
}

function todayRow(incident: IncidentView, pending: number): HTMLElement {
  return h(
    'li',
    { class: 'today-row', 'data-testid': 'today-case', 'data-incident-id': incident.id, 'data-state': incident.state },
    h(
      'div',
      { class: 'today-line' },
      h('strong', {}, label(CATEGORY_LABELS, incident.category)),
      incident.queued ? h('span', { class: 'tag tag-queued' }, t('queuedTag')) : null,
      h('span', { class: 'badge', 'data-state': incident.state, 'data-closure': incident.closure }, stateLabelOf(incident)[locale()]),
      pending > 0 ? h('span', { class: 'tag tag-pending', 'data-testid': 'today-pending' }, `${t('pendingSend')} ${pending}`) : null,
    ),
    h('div', { class: 'today-address muted' }, `${formatTime(incident.receivedAt).slice(0, 5)} · ${incident.address}`),
    h('div', { class: 'today-stages' }, ...STAGES.map(([stage, key]) => stageMark(incident, stage, key))),
  );
}

function stageMark(incident: IncidentView, stage: ClockStage, key: TextKey): HTMLElement {
  const clock = incident.clocks.find((c) => c.stage === stage);
  const done = clock?.doneAt ?? null;
  if (!clock || !done) return h('span', { class: 'stage-mark open', 'data-stage': stage }, `${t(key)} —`);
  const inTime = Date.parse(done) <= Date.parse(clock.deadline);
  return h(
    'span',
    { class: `stage-mark ${inTime ? 'ok' : 'late'}`, 'data-stage': stage, 'data-in-time': String(inTime), title: t(inTime ? 'inTime' : 'late') },
    `${t(key)} ${formatTime(done).slice(0, 5)} ${inTime ? '✓' : '✗'}`,
  );
}
