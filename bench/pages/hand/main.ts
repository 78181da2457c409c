/** The baseline's own view layer at the ports' scope: today's hand-written components, redrawn by key as phone-page.ts does. */
import { byId, h } from '../../../apps/web/src/shared/dom';
import { refreshClockChips } from '../../../apps/web/src/shared/clock-chips';
import { formatTime } from '../../../apps/web/src/shared/format-time';
import { locale, t } from '../../../apps/web/src/shared/i18n';
import { serverNow } from '../../../apps/web/src/shared/server-clock';
import { activeCaseCard } from './legacy/active-case';
import { dropCaseMap, refreshCaseMap } from '../../../apps/web/src/phone/case-map';
import { offerCard, refreshOfferCountdowns } from './legacy/offer-card';
import { queuedCaseCard } from './legacy/queued-case';
import { todaySection, todaysCases } from './legacy/today-list';
import { startPhoneCore, type Refusal } from '../shared/phone-core';

const core = await startPhoneCore();
const main = byId('phone-main');
let renderedKey = '';

const offerHandlers = { accept: core.accept, decline: core.decline, redraw: () => render(true) };
const caseHandlers = { step: core.step, callStarted: core.callStarted, callAnswered: core.callAnswered, redraw: () => render(true) };

function render(force = false): void {
  const view = core.shown();
  const now = serverNow();
  const active = view.activeCase();
  const queued = view.queuedCase();
  const offers = view.pendingOffers();
  const today = todaysCases(view.incidents.values(), core.workerId, now);
  const pending = core.pending();
  const key = JSON.stringify([
    locale(),
    view.onDuty,
    offers.map((o) => o.offerId),
    active && [active.id, active.state, active.clocks.map((c) => c.doneAt), active.callAttempts, active.unreachable, active.contactKind],
    queued && [queued.id, queued.state],
    today.map((i) => [i.id, i.state, i.clocks.map((c) => c.doneAt)]),
    pending.map((s) => s.key),
    core.refusals.map((r) => r.id),
    core.connected(),
    core.syncedAt(),
  ]);
  if (!force && key === renderedKey) return;
  renderedKey = key;
  const focused = document.activeElement instanceof HTMLElement ? document.activeElement.dataset.testid : undefined;
  const syncedAt = core.syncedAt();
  const children: (HTMLElement | null)[] = [
    !core.connected() && syncedAt !== null
      ? h('div', { class: 'offline-banner', role: 'status', 'data-testid': 'offline-banner' }, t('offlineSnapshot').replace('{t}', formatTime(new Date(syncedAt)).slice(0, 5)))
      : null,
    ...core.refusals.map(refusalCard),
  ];
  const reports = pending.filter((s) => s.kind === 'report').length;
  if (reports) children.push(h('p', { class: 'pending-reports', 'data-testid': 'pending-reports' }, t('pendingReports').replace('{n}', String(reports))));
  const [first, ...more] = offers;
  if (first) {
    children.push(offerCard(first, now, core.offerDraft(first.offerId), offerHandlers, locale()));
    if (more.length) children.push(h('p', { class: 'more-offers' }, `+${more.length} ${t('moreOffers')}`));
  }
  if (active) children.push(activeCaseCard(active, now, core.caseDraft(active), caseHandlers, { pending: core.pendingFor(active.id), self: undefined }));
  else dropCaseMap();
  if (queued) children.push(queuedCaseCard(queued, core.pendingFor(queued.id)));
  if (!first && !active) {
    children.push(
      h(
        'section',
        { class: `idle${view.onDuty ? '' : ' off'}`, 'data-testid': 'idle' },
        h('div', { class: 'idle-ring' }, h('span', {}, view.onDuty ? '✓' : '—')),
        h('h2', {}, view.onDuty ? t('waitingForInstruction') : t('offDuty')),
        h('p', { class: 'muted' }, view.onDuty ? t('waitingHint') : t('offDutyHint')),
      ),
    );
  }
  children.push(todaySection(today, core.pendingFor));
  children.push(h('footer', { class: 'phone-foot muted' }, `${t('closedTodayCount')} `, h('strong', { class: 'num' }, String(view.closedToday(now)))));
  main.replaceChildren(...children.filter((c): c is HTMLElement => c !== null));
  if (active) refreshCaseMap();
  if (focused) main.querySelector<HTMLElement>(`[data-testid="${focused}"]`)?.focus();
}

function refusalCard(refusal: Refusal): HTMLElement {
  const ok = h('button', { class: 'btn btn-ghost', type: 'button' }, t('gotIt'));
  ok.addEventListener('click', () => core.dismissRefusal(refusal.id));
  return h(
    'div',
    { class: 'step-refused', role: 'alert', 'data-testid': 'step-refused' },
    h('p', {}, refusal.caseNo ? h('span', { class: 'muted num' }, `${refusal.caseNo} · `) : null, refusal.text),
    ok,
  );
}

core.onChange(() => render());
core.onTick((now) => {
  refreshClockChips(main, now);
  refreshOfferCountdowns(main, now);
});
render(true);
await core.start();
