/** The case the worker holds, with the one next step: contact the party, arrive, close with a result. */
import { INCIDENT_STATE_LABELS, type IncidentView } from '@xiaonao/contracts';
import { label, t } from '../shared/i18n';
import type { IconName } from '../shared/icons';
import { ClockChips } from '../shared/ui/clock-chips';
import { LineIcon } from '../shared/ui/line-icon';
import { timeAwaySeconds, type PendingCall } from './call-tracker';
import { CaseFacts } from './case-facts';
import { CaseMap } from './case-map-view';
import { amapNavigationUrl, baiduNavigationUrls } from './navigation-links';
import { PendingBadge } from './pending-badge';
import type { PhoneActions } from './phone-actions';
import { caseDraft, caseDraftOf, patchCaseDraft, position, useLanguage } from './phone-store';

import type { CaseDraft, CaseStep } from './phone-drafts';
export type { CaseDraft, CaseStep } from './phone-drafts';

export function ActiveCase({ incident, actions }: { incident: IncidentView; actions: PhoneActions }) {
  useLanguage();
  void caseDraft.value;
  const draft = caseDraftOf(incident.id);
  return (
    <section class="card case-card" data-testid="active-case" data-incident-id={incident.id} data-state={incident.state}>
      <div class="case-banner">
        <span>{t('activeCase')}</span>
        <span class="case-banner-right">
          <PendingBadge incidentId={incident.id} />
          <span class="badge" data-state={incident.state}>
            {label(INCIDENT_STATE_LABELS, incident.state)}
          </span>
        </span>
      </div>
      <CaseFacts incident={incident} onCall={() => actions.callStarted(incident)} />
      <ClockChips incident={incident} />
      {incident.state !== 'arrived' ? <Navigation incident={incident} /> : null}
      <CaseMap incident={incident} />
      {draft.error ? (
        <p class="error-text" role="alert">
          {draft.error}
        </p>
      ) : null}
      {draft.call ? <CallQuestion incident={incident} call={draft.call} busy={draft.busy} actions={actions} /> : null}
      <NextStep incident={incident} draft={draft} actions={actions} />
    </section>
  );
}

/** 高德导航 / 百度导航 to the site; Baidu's app when installed, its web page otherwise. */
function Navigation({ incident }: { incident: IncidentView }) {
  useLanguage();
  const links = baiduNavigationUrls(incident.location, incident.address, position.value);
  const openBaidu = (e: MouseEvent) => {
    e.preventDefault();
    // The app's scheme first; if the page is still in front a moment later, the app is not installed.
    const fallback = setTimeout(() => {
      if (document.visibilityState === 'visible') window.open(links.web, '_blank', 'noopener');
    }, 1500);
    document.addEventListener('visibilitychange', () => clearTimeout(fallback), { once: true });
    location.href = links.app;
  };
  return (
    <div class="nav-links">
      <LineIcon name="pin" />
      <a class="btn nav-link" href={amapNavigationUrl(incident.location, incident.address)} target="_blank" rel="noopener" data-testid="nav-amap">
        {t('navAmap')}
      </a>
      <a class="btn nav-link" href={links.web} target="_blank" rel="noopener" data-testid="nav-baidu" data-app-url={links.app} onClick={openBaidu}>
        {t('navBaidu')}
      </a>
    </div>
  );
}

/** 「接通了吗？」 with the time the page was away, which becomes the call's length when answered. */
function CallQuestion({ incident, call, busy, actions }: { incident: IncidentView; call: PendingCall; busy: boolean; actions: PhoneActions }) {
  const away = timeAwaySeconds(call);
  return (
    <div class="call-question" data-testid="call-question">
      <p class="prompt">
        {t('callWentThrough')}
        {away !== null ? <span class="muted num">{` · ${t('callTimeAway').replace('{n}', String(away))}`}</span> : null}
      </p>
      <div class="actions">
        <button class="btn big btn-ok" type="button" data-testid="call-answered" disabled={busy} onClick={() => actions.callAnswered(incident, true)}>
          {t('callAnswered')}
        </button>
        <button class="btn big btn-ghost" type="button" data-testid="call-not-answered" disabled={busy} onClick={() => actions.callAnswered(incident, false)}>
          {t('callNotAnswered')}
        </button>
      </div>
    </div>
  );
}

function NextStep({ incident, draft, actions }: { incident: IncidentView; draft: CaseDraft; actions: PhoneActions }) {
  const button = (testId: string, text: string, step: CaseStep, tone: string, glyph: IconName) => (
    <button
      class={`btn big ${tone}`}
      type="button"
      data-testid={testId}
      disabled={draft.busy}
      onClick={() => {
        if (step !== 'close') return actions.step(incident, step);
        if (!draft.result.trim()) return patchCaseDraft(incident.id, { error: t('resultRequired') });
        actions.step(incident, 'close', draft.result.trim());
      }}
    >
      <LineIcon name={glyph} />
      {text}
    </button>
  );
  switch (incident.state) {
    case 'accepted': {
      const siteCheck = incident.contactKind === 'site_check';
      return (
        <div class={`actions${draft.called ? ' prompted' : ''}`}>
          {draft.called ? <p class="prompt">{t('calledHint')}</p> : null}
          {button('contact-button', t(siteCheck ? 'siteChecked' : 'contacted'), 'contact', 'btn-primary', siteCheck ? 'pin' : 'phone')}
        </div>
      );
    }
    case 'contacted':
      return <div class="actions">{button('arrive-button', t('arrived'), 'arrive', 'btn-primary', 'pin')}</div>;
    case 'arrived':
      return (
        <div class="actions declining">
          <label class="reason-label">{t('result')}</label>
          <textarea
            class="result-input"
            rows={3}
            data-testid="result-input"
            placeholder={t('resultPlaceholder')}
            value={draft.result}
            onInput={(e) => patchCaseDraft(incident.id, { result: e.currentTarget.value })}
          />
          {button('close-button', t('closeCase'), 'close', 'btn-ok', 'check')}
        </div>
      );
    case 'received':
    case 'offered':
    case 'closed':
      return null;
  }
}
