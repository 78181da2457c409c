/** The offer card and the case in hand. */
import { h } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { useSignal } from '@preact/signals';
import { INCIDENT_STATE_LABELS, type IncidentView, type OfferView } from '@xiaonao/contracts';
import { remaining } from '../../../apps/web/src/shared/countdown';
import { formatDistance } from '../../../apps/web/src/shared/format-time';
import { label } from '../../../apps/web/src/shared/i18n';
import type { CaseStep } from '../../../apps/web/src/phone/active-case';
import { timeAwaySeconds, type PendingCall } from '../../../apps/web/src/phone/call-tracker';
import { caseMap, dropCaseMap, refreshCaseMap } from '../../../apps/web/src/phone/case-map';
import { amapNavigationUrl, baiduNavigationUrls } from '../../../apps/web/src/phone/navigation-links';
import { QUICK_REASONS } from '../shared/view-model';
import type { IconName } from '../shared/icon-paths';
import { CaseFacts, ClockChips, Icon } from './parts';
import type { PhoneStore } from './store';

const valueOf = (e: Event) => (e.currentTarget as HTMLTextAreaElement).value;

export function OfferCard({ store, offer, busy, error }: { store: PhoneStore; offer: OfferView; busy: boolean; error: string }) {
  const { core, tr } = store;
  const declining = useSignal(false);
  const reason = useSignal('');
  const localError = useSignal('');
  const now = store.now.value;
  const left = remaining(offer.expiresAt, now);
  const urgent = left === null || Date.parse(offer.expiresAt) - now < 15_000;
  const shownError = localError.value || error;
  const setDeclining = (on: boolean) => {
    declining.value = on;
    localError.value = '';
  };
  const confirm = () => {
    if (!reason.value.trim()) localError.value = tr('reasonRequired');
    else core.decline(offer, reason.value.trim());
  };
  const actions = !declining.value
    ? h(
        'div',
        { class: 'actions' },
        h('button', { class: 'btn big btn-ok', type: 'button', 'data-testid': 'accept-button', disabled: busy, onClick: () => core.accept(offer) }, tr('accept')),
        h('button', { class: 'btn big btn-danger', type: 'button', 'data-testid': 'decline-button', disabled: busy, onClick: () => setDeclining(true) }, tr('decline')),
      )
    : h(
        'div',
        { class: 'actions declining' },
        h('label', { class: 'reason-label' }, tr('declineReason')),
        h('div', { class: 'quick-reasons' }, ...QUICK_REASONS[store.lang.value].map((text) => h('button', { key: text, class: 'chip', type: 'button', onClick: () => (reason.value = text) }, text))),
        h('textarea', { class: 'reason-input', rows: 2, 'data-testid': 'decline-reason', placeholder: tr('declineReason'), value: reason.value, onInput: (e: Event) => (reason.value = valueOf(e)) }),
        h(
          'div',
          { class: 'actions-row' },
          h('button', { class: 'btn big btn-ghost', type: 'button', onClick: () => setDeclining(false) }, tr('cancel')),
          h('button', { class: 'btn big btn-danger', type: 'button', 'data-testid': 'decline-button', disabled: busy, onClick: confirm }, tr('confirmDecline')),
        ),
      );
  return h(
    'section',
    { class: 'card offer-card', 'data-testid': 'offer-card', 'data-incident-id': offer.incidentId, 'data-offer-id': offer.offerId },
    h(
      'div',
      { class: 'offer-banner' },
      h('span', { class: 'offer-title' }, h(Icon, { name: 'bell' }), tr('newInstruction')),
      h(
        'span',
        { class: 'offer-left' },
        h('span', { class: 'muted' }, tr('respondWithin')),
        h('span', { class: `offer-countdown num${urgent ? ' urgent' : ''}`, 'data-testid': 'offer-countdown', 'data-expires-at': offer.expiresAt }, left ?? tr('offerExpired')),
      ),
    ),
    offer.queued ? h('p', { class: 'offer-queued', 'data-testid': 'offer-queued' }, tr('queuedOffer')) : null,
    h(CaseFacts, { store, incident: offer.incident }),
    offer.distanceM !== null ? h('div', { class: 'facts-distance' }, `${tr('distance')} `, h('strong', { class: 'num' }, formatDistance(offer.distanceM))) : null,
    h(ClockChips, { store, incident: offer.incident }),
    shownError ? h('p', { class: 'error-text', role: 'alert' }, shownError) : null,
    actions,
  );
}

interface CaseProps {
  store: PhoneStore;
  incident: IncidentView;
  pending: number;
  busy: boolean;
  error: string;
  called: boolean;
  call: PendingCall | null;
}

/** Leaflet keeps its own element per case (case-map.ts); the component only hosts it. */
function CaseMapHost({ incident }: { incident: IncidentView }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = caseMap(incident.id, incident.location, undefined);
    if (host.current && el.parentElement !== host.current) host.current.replaceChildren(el);
    refreshCaseMap();
  });
  useEffect(() => dropCaseMap, []);
  return h('div', { ref: host });
}

export function ActiveCase({ store, incident, pending, busy, error, called, call }: CaseProps) {
  const { core, tr } = store;
  const result = useSignal('');
  const localError = useSignal('');
  const shownError = localError.value || error;
  const links = baiduNavigationUrls(incident.location, incident.address, undefined);
  const away = call ? timeAwaySeconds(call) : null;
  const siteCheck = incident.contactKind === 'site_check';
  const openBaidu = (e: MouseEvent) => {
    e.preventDefault();
    const fallback = setTimeout(() => {
      if (document.visibilityState === 'visible') window.open(links.web, '_blank', 'noopener');
    }, 1500);
    document.addEventListener('visibilitychange', () => clearTimeout(fallback), { once: true });
    location.href = links.app;
  };
  const stepButton = (testId: string, text: string, step: CaseStep, tone: string, glyph: IconName) =>
    h(
      'button',
      {
        class: `btn big ${tone}`,
        type: 'button',
        'data-testid': testId,
        disabled: busy,
        onClick: () => {
          if (step !== 'close') return core.step(incident, step);
          if (!result.value.trim()) return void (localError.value = tr('resultRequired'));
          localError.value = '';
          core.step(incident, 'close', result.value.trim());
        },
      },
      h(Icon, { name: glyph }),
      text,
    );
  const next =
    incident.state === 'accepted'
      ? h(
          'div',
          { class: `actions${called ? ' prompted' : ''}` },
          called ? h('p', { class: 'prompt' }, tr('calledHint')) : null,
          stepButton('contact-button', tr(siteCheck ? 'siteChecked' : 'contacted'), 'contact', 'btn-primary', siteCheck ? 'pin' : 'phone'),
        )
      : incident.state === 'contacted'
        ? h('div', { class: 'actions' }, stepButton('arrive-button', tr('arrived'), 'arrive', 'btn-primary', 'pin'))
        : incident.state === 'arrived'
          ? h(
              'div',
              { class: 'actions declining' },
              h('label', { class: 'reason-label' }, tr('result')),
              h('textarea', { class: 'result-input', rows: 3, 'data-testid': 'result-input', placeholder: tr('resultPlaceholder'), value: result.value, onInput: (e: Event) => (result.value = valueOf(e)) }),
              stepButton('close-button', tr('closeCase'), 'close', 'btn-ok', 'check'),
            )
          : null;
  return h(
    'section',
    { class: 'card case-card', 'data-testid': 'active-case', 'data-incident-id': incident.id, 'data-state': incident.state },
    h(
      'div',
      { class: 'case-banner' },
      h('span', null, tr('activeCase')),
      h(
        'span',
        { class: 'case-banner-right' },
        pending > 0 ? h('span', { class: 'pending-badge', 'data-testid': 'pending-badge', 'data-count': pending }, `${tr('pendingSend')} ${pending}`) : null,
        h('span', { class: 'badge', 'data-state': incident.state }, label(INCIDENT_STATE_LABELS, incident.state)),
      ),
    ),
    h(CaseFacts, { store, incident, onCall: () => core.callStarted(incident) }),
    h(ClockChips, { store, incident }),
    incident.state !== 'arrived'
      ? h(
          'div',
          { class: 'nav-links' },
          h(Icon, { name: 'pin' }),
          h('a', { class: 'btn nav-link', href: amapNavigationUrl(incident.location, incident.address), target: '_blank', rel: 'noopener', 'data-testid': 'nav-amap' }, tr('navAmap')),
          h('a', { class: 'btn nav-link', href: links.web, target: '_blank', rel: 'noopener', 'data-testid': 'nav-baidu', 'data-app-url': links.app, onClick: openBaidu }, tr('navBaidu')),
        )
      : null,
    h(CaseMapHost, { incident }),
    shownError ? h('p', { class: 'error-text', role: 'alert' }, shownError) : null,
    call
      ? h(
          'div',
          { class: 'call-question', 'data-testid': 'call-question' },
          h('p', { class: 'prompt' }, tr('callWentThrough'), away !== null ? h('span', { class: 'muted num' }, ` · ${tr('callTimeAway').replace('{n}', String(away))}`) : null),
          h(
            'div',
            { class: 'actions' },
            h('button', { class: 'btn big btn-ok', type: 'button', 'data-testid': 'call-answered', disabled: busy, onClick: () => core.callAnswered(incident, true) }, tr('callAnswered')),
            h('button', { class: 'btn big btn-ghost', type: 'button', 'data-testid': 'call-not-answered', disabled: busy, onClick: () => core.callAnswered(incident, false) }, tr('callNotAnswered')),
          ),
        )
      : null,
    next,
  );
}
