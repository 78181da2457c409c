/** The case the worker holds, with the one next step: contact the party, arrive, close with a result. */
import { INCIDENT_STATE_LABELS, type IncidentView, type LngLat } from '@xiaonao/contracts';
import { clockChips } from '../../../../apps/web/src/shared/clock-chips';
import { h } from '../../../../apps/web/src/shared/dom';
import { label, t } from '../../../../apps/web/src/shared/i18n';
import { icon, type IconName } from '../../../../apps/web/src/shared/icons';
import { caseFacts } from './case-facts';
import { caseMap } from '../../../../apps/web/src/phone/case-map';
import { timeAwaySeconds, type PendingCall } from '../../../../apps/web/src/phone/call-tracker';
import { amapNavigationUrl, baiduNavigationUrls } from '../../../../apps/web/src/phone/navigation-links';
import { pendingBadge } from './pending-badge';

export type CaseStep = 'contact' | 'arrive' | 'close';

export interface CaseDraft {
  incidentId: string;
  /** A call went through before contact: prompt the worker to confirm the contact. */
  called: boolean;
  /** The call link was tapped and the worker has not yet said whether it went through. */
  call: PendingCall | null;
  result: string;
  busy: boolean;
  error: string;
}

export interface CaseHandlers {
  step(incident: IncidentView, step: CaseStep, result?: string): void;
  /** The call link was tapped. */
  callStarted(incident: IncidentView): void;
  /** The worker answered 「接通了吗？」. */
  callAnswered(incident: IncidentView, answered: boolean): void;
  redraw(): void;
}

export interface CaseContext {
  /** Steps of this case still in the queue. */
  pending: number;
  /** The phone's latest fix (WGS-84). */
  self: LngLat | undefined;
}

export function activeCaseCard(incident: IncidentView, now: number, draft: CaseDraft, handlers: CaseHandlers, context: CaseContext): HTMLElement {
  const facts = caseFacts(incident, () => handlers.callStarted(incident));
  return h(
    'section',
    { class: 'card case-card', 'data-testid': 'active-case', 'data-incident-id': incident.id, 'data-state': incident.state },
    h(
      'div',
      { class: 'case-banner' },
      h('span', {}, t('activeCase')),
      h('span', { class: 'case-banner-right' }, pendingBadge(context.pending), h('span', { class: 'badge', 'data-state': incident.state }, label(INCIDENT_STATE_LABELS, incident.state))),
    ),
    facts,
    clockChips(incident, now),
    incident.state !== 'arrived' ? navigation(incident, context.self) : null,
    caseMap(incident.id, incident.location, context.self),
    draft.error ? h('p', { class: 'error-text', role: 'alert' }, draft.error) : null,
    draft.call ? callQuestion(incident, draft, draft.call, handlers) : null,
    nextStep(incident, draft, handlers),
  );
}

/** 高德导航 / 百度导航 to the site; Baidu's app when installed, its web page otherwise. */
function navigation(incident: IncidentView, self: LngLat | undefined): HTMLElement {
  const amap = h('a', { class: 'btn nav-link', href: amapNavigationUrl(incident.location, incident.address), target: '_blank', rel: 'noopener', 'data-testid': 'nav-amap' }, t('navAmap'));
  const links = baiduNavigationUrls(incident.location, incident.address, self);
  const baidu = h('a', { class: 'btn nav-link', href: links.web, target: '_blank', rel: 'noopener', 'data-testid': 'nav-baidu', 'data-app-url': links.app }, t('navBaidu'));
  baidu.addEventListener('click', (e) => {
    e.preventDefault();
    // The app's scheme first; if the page is still in front a moment later, the app is not installed.
    const fallback = setTimeout(() => {
      if (document.visibilityState === 'visible') window.open(links.web, '_blank', 'noopener');
    }, 1500);
    document.addEventListener('visibilitychange', () => clearTimeout(fallback), { once: true });
    location.href = links.app;
  });
  return h('div', { class: 'nav-links' }, icon('pin'), amap, baidu);
}

/** 「接通了吗？」 with the time the page was away, which becomes the call's length when answered. */
function callQuestion(incident: IncidentView, draft: CaseDraft, call: PendingCall, handlers: CaseHandlers): HTMLElement {
  const away = timeAwaySeconds(call);
  const answer = (testId: string, text: string, answered: boolean, tone: string) => {
    const el = h('button', { class: `btn big ${tone}`, type: 'button', 'data-testid': testId, disabled: draft.busy }, text);
    el.addEventListener('click', () => handlers.callAnswered(incident, answered));
    return el;
  };
  return h(
    'div',
    { class: 'call-question', 'data-testid': 'call-question' },
    h('p', { class: 'prompt' }, t('callWentThrough'), away !== null ? h('span', { class: 'muted num' }, ` · ${t('callTimeAway').replace('{n}', String(away))}`) : null),
    h('div', { class: 'actions' }, answer('call-answered', t('callAnswered'), true, 'btn-ok'), answer('call-not-answered', t('callNotAnswered'), false, 'btn-ghost')),
  );
}

function nextStep(incident: IncidentView, draft: CaseDraft, handlers: CaseHandlers): HTMLElement | null {
  const button = (testId: string, text: string, step: CaseStep, tone: string, glyph: IconName) => {
    const el = h('button', { class: `btn big ${tone}`, type: 'button', 'data-testid': testId, disabled: draft.busy }, icon(glyph), text);
    el.addEventListener('click', () => {
      if (step === 'close' && !draft.result.trim()) {
        draft.error = t('resultRequired');
        handlers.redraw();
        return;
      }
      handlers.step(incident, step, step === 'close' ? draft.result.trim() : undefined);
    });
    return el;
  };
  switch (incident.state) {
    case 'accepted':
      return h(
        'div',
        { class: `actions${draft.called ? ' prompted' : ''}` },
        draft.called ? h('p', { class: 'prompt' }, t('calledHint')) : null,
        button('contact-button', t(incident.contactKind === 'site_check' ? 'siteChecked' : 'contacted'), 'contact', 'btn-primary', incident.contactKind === 'site_check' ? 'pin' : 'phone'),
      );
    case 'contacted':
      return h('div', { class: 'actions' }, button('arrive-button', t('arrived'), 'arrive', 'btn-primary', 'pin'));
    case 'arrived': {
      const input = h('textarea', { class: 'result-input', rows: 3, 'data-testid': 'result-input', placeholder: t('resultPlaceholder') });
      input.value = draft.result;
      input.addEventListener('input', () => {
        draft.result = input.value;
      });
      return h(
        'div',
        { class: 'actions declining' },
        h('label', { class: 'reason-label' }, t('result')),
        input,
        button('close-button', t('closeCase'), 'close', 'btn-ok', 'check'),
      );
    }
    case 'received':
    case 'offered':
    case 'closed':
      return null;
  }
}
