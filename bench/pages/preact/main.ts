/** The phone's first screen in Preact with @preact/signals (hyperscript `h`, no JSX), over the same core as the other ports. */
import { h, render } from 'preact';
import { CATEGORY_LABELS, stateLabelOf, type IncidentView } from '@xiaonao/contracts';
import { byId } from '../../../apps/web/src/shared/dom';
import { formatTime } from '../../../apps/web/src/shared/format-time';
import { label } from '../../../apps/web/src/shared/i18n';
import { TODAY_STAGES } from '../shared/view-model';
import { startPhoneCore } from '../shared/phone-core';
import { ActiveCase, OfferCard } from './cards';
import { CaseFacts } from './parts';
import { phoneStore, type PhoneStore } from './store';

function StageMark({ store, incident, stage, text }: { store: PhoneStore; incident: IncidentView; stage: string; text: string }) {
  const clock = incident.clocks.find((c) => c.stage === stage);
  const done = clock?.doneAt ?? null;
  if (!clock || !done) return h('span', { class: 'stage-mark open', 'data-stage': stage }, `${text} —`);
  const inTime = Date.parse(done) <= Date.parse(clock.deadline);
  return h(
    'span',
    { class: `stage-mark ${inTime ? 'ok' : 'late'}`, 'data-stage': stage, 'data-in-time': String(inTime), title: store.tr(inTime ? 'inTime' : 'late') },
    `${text} ${formatTime(done).slice(0, 5)} ${inTime ? '✓' : '✗'}`,
  );
}

function TodayList({ store }: { store: PhoneStore }) {
  const { core, tr } = store;
  const cases = store.today.value;
  return h(
    'section',
    { class: 'card today', 'data-testid': 'today' },
    h('div', { class: 'today-head' }, h('h2', null, tr('today')), h('span', { class: 'muted num' }, String(cases.length))),
    cases.length === 0
      ? h('p', { class: 'muted' }, tr('todayEmpty'))
      : h(
          'ul',
          { class: 'today-list' },
          ...cases.map((i) => {
            const pending = core.pendingFor(i.id);
            return h(
              'li',
              { key: i.id, class: 'today-row', 'data-testid': 'today-case', 'data-incident-id': i.id, 'data-state': i.state },
              h(
                'div',
                { class: 'today-line' },
                h('strong', null, label(CATEGORY_LABELS, i.category)),
                i.queued ? h('span', { class: 'tag tag-queued' }, tr('queuedTag')) : null,
                h('span', { class: 'badge', 'data-state': i.state, 'data-closure': i.closure ?? undefined }, stateLabelOf(i)[store.lang.value]),
                pending > 0 ? h('span', { class: 'tag tag-pending', 'data-testid': 'today-pending' }, `${tr('pendingSend')} ${pending}`) : null,
              ),
              h('div', { class: 'today-address muted' }, `${formatTime(i.receivedAt).slice(0, 5)} · ${i.address}`),
              h('div', { class: 'today-stages' }, ...TODAY_STAGES.map(([stage, key]) => h(StageMark, { key: stage, store, incident: i, stage, text: tr(key) }))),
            );
          }),
        ),
  );
}

function PhoneMain({ store }: { store: PhoneStore }) {
  const { core, tr } = store;
  void store.version.value;
  const view = store.view.value;
  const offers = store.offers.value;
  const active = store.active.value;
  const queued = store.queued.value;
  const [first] = offers;
  const syncedAt = core.syncedAt();
  const reports = core.pending().filter((s) => s.kind === 'report').length;
  const offerDraft = first ? core.offerDraft(first.offerId) : null;
  const caseDraft = active ? core.caseDraft(active) : null;
  const queuedPending = queued ? core.pendingFor(queued.id) : 0;
  return [
    !core.connected() && syncedAt !== null
      ? h('div', { class: 'offline-banner', role: 'status', 'data-testid': 'offline-banner' }, tr('offlineSnapshot').replace('{t}', formatTime(new Date(syncedAt)).slice(0, 5)))
      : null,
    ...core.refusals.map((r) =>
      h(
        'div',
        { key: r.id, class: 'step-refused', role: 'alert', 'data-testid': 'step-refused' },
        h('p', null, r.caseNo ? h('span', { class: 'muted num' }, `${r.caseNo} · `) : null, r.text),
        h('button', { class: 'btn btn-ghost', type: 'button', onClick: () => core.dismissRefusal(r.id) }, tr('gotIt')),
      ),
    ),
    reports ? h('p', { class: 'pending-reports', 'data-testid': 'pending-reports' }, tr('pendingReports').replace('{n}', String(reports))) : null,
    first && offerDraft ? h(OfferCard, { key: first.offerId, store, offer: first, busy: offerDraft.busy, error: offerDraft.error }) : null,
    offers.length > 1 ? h('p', { class: 'more-offers' }, `+${offers.length - 1} ${tr('moreOffers')}`) : null,
    active && caseDraft
      ? h(ActiveCase, { key: active.id, store, incident: active, pending: core.pendingFor(active.id), busy: caseDraft.busy, error: caseDraft.error, called: caseDraft.called, call: caseDraft.call })
      : null,
    queued
      ? h(
          'section',
          { class: 'card case-card queued-case', 'data-testid': 'queued-case', 'data-incident-id': queued.id },
          h(
            'div',
            { class: 'case-banner' },
            h('span', null, tr('queuedCase')),
            queuedPending > 0 ? h('span', { class: 'pending-badge', 'data-testid': 'pending-badge', 'data-count': queuedPending }, `${tr('pendingSend')} ${queuedPending}`) : null,
          ),
          h('p', { class: 'muted' }, tr('queuedCaseHint')),
          h(CaseFacts, { store, incident: queued }),
        )
      : null,
    !first && !active
      ? h(
          'section',
          { class: `idle${view.onDuty ? '' : ' off'}`, 'data-testid': 'idle' },
          h('div', { class: 'idle-ring' }, h('span', null, view.onDuty ? '✓' : '—')),
          h('h2', null, view.onDuty ? tr('waitingForInstruction') : tr('offDuty')),
          h('p', { class: 'muted' }, view.onDuty ? tr('waitingHint') : tr('offDutyHint')),
        )
      : null,
    h(TodayList, { store }),
    h('footer', { class: 'phone-foot muted' }, `${tr('closedTodayCount')} `, h('strong', { class: 'num' }, String(view.closedToday(store.now.value)))),
  ];
}

const core = await startPhoneCore();
render(h(PhoneMain, { store: phoneStore(core) }), byId('phone-main'));
await core.start();
