/**
 * The phone's first screen in Lit 3: one custom element in light DOM (so the pages' global CSS applies
 * as it is), template functions per card, local drafts as element state; over the same core as the other ports.
 */
import { LitElement, html, nothing, svg, type PropertyValues, type TemplateResult } from 'lit';
import { CATEGORY_LABELS, INCIDENT_STATE_LABELS, stateLabelOf, type IncidentView, type OfferView } from '@xiaonao/contracts';
import { remaining } from '../../../apps/web/src/shared/countdown';
import { byId } from '../../../apps/web/src/shared/dom';
import { formatDistance, formatTime } from '../../../apps/web/src/shared/format-time';
import { label, locale, t } from '../../../apps/web/src/shared/i18n';
import { serverNow } from '../../../apps/web/src/shared/server-clock';
import type { CaseStep } from '../../../apps/web/src/phone/active-case';
import { timeAwaySeconds } from '../../../apps/web/src/phone/call-tracker';
import { caseMap, dropCaseMap, refreshCaseMap } from '../../../apps/web/src/phone/case-map';
import { amapNavigationUrl, baiduNavigationUrls } from '../../../apps/web/src/phone/navigation-links';
import { todaysCases } from '../../../apps/web/src/phone/today-list';
import { ICON_PATHS, type IconName } from '../shared/icon-paths';
import { startPhoneCore, type PhoneCore } from '../shared/phone-core';
import { chipReadings, QUICK_REASONS, TODAY_STAGES } from '../shared/view-model';

const icon = (name: IconName, cls = 'icon') => html`<svg viewBox="0 0 24 24" class=${cls} aria-hidden="true">${ICON_PATHS[name].map((d) => svg`<path d=${d}></path>`)}</svg>`;
const valueOf = (e: Event) => (e.currentTarget as HTMLTextAreaElement).value;

class PhoneMainLit extends LitElement {
  static override properties = { now: { state: true }, version: { state: true } };
  // Declared, set in the constructor: a class field would shadow Lit's reactive accessor.
  declare now: number;
  declare version: number;
  core!: PhoneCore;
  /** The worker's unsent input: the offer being declined and its reason, the case result. */
  private declining: string | null = null;
  private reason = '';
  private result = '';
  private localError = '';
  private readonly mapHost = document.createElement('div');

  constructor() {
    super();
    this.now = serverNow();
    this.version = 0;
  }

  // Light DOM: the pages' stylesheets style it as they style the hand-written page.
  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.core.onChange(() => this.version++);
    this.core.onTick((now) => (this.now = now));
  }

  protected override updated(_: PropertyValues): void {
    const active = this.core.shown().activeCase();
    if (!active) return dropCaseMap();
    const el = caseMap(active.id, active.location, undefined);
    if (el.parentElement !== this.mapHost) this.mapHost.replaceChildren(el);
    refreshCaseMap();
  }

  private redraw(): void {
    this.requestUpdate();
  }

  private clocks(incident: IncidentView): TemplateResult {
    return html`<div class="clocks">
      ${chipReadings(incident, this.now).map(
        (c) => html`<div class="clock" data-testid=${`clock-${c.stage}`} data-stage=${c.stage} data-status=${c.status} title=${c.title}>
          <span class="clock-label">${c.label}</span><span class="clock-value">${c.text}${c.mark ? html`<small class="clock-mark">${c.mark}</small>` : nothing}</span>
        </div>`,
      )}
    </div>`;
  }

  private facts(incident: IncidentView, onCall?: () => void): TemplateResult {
    const who = html`<span><span class="call-name">${incident.callerName}</span><span class="call-phone num">${incident.callerPhone}</span></span>`;
    const contact =
      incident.contactKind === 'site_check'
        ? html`<div class="site-check" data-testid="site-check">${icon('pin')}<span>${t('siteCheckHint')}</span></div>`
        : html`<div class="facts-label muted">${t('caller')} · ${t('callParty')}</div>
            ${incident.callerPhoneMasked
              ? html`<div class="call-link" data-testid="call-masked" title=${t('phoneMaskedHint')}>${icon('phone', 'icon call-icon')}${who}</div>`
              : html`<a class="call-link" href=${`tel:${incident.callerPhone}`} data-testid="call-link" @click=${() => onCall?.()}>${icon('phone', 'icon call-icon')}${who}</a>`}
            ${incident.callAttempts > 0
              ? html`<div class="call-log" data-testid="call-log">
                  <span class="muted">${t('callAttempts').replace('{n}', String(incident.callAttempts))}</span>
                  ${incident.unreachable ? html`<span class="call-unreachable" data-testid="unreachable">${t('unreachable')}</span>` : nothing}
                </div>`
              : nothing}`;
    return html`<div class="facts">
      <div class="facts-head">
        <span class="facts-category">${label(CATEGORY_LABELS, incident.category)}</span>
        <span class="muted num">${incident.caseNo} · ${formatTime(incident.receivedAt)}</span>
      </div>
      <div class="facts-address">${icon('pin')}<span>${incident.address}</span></div>
      ${contact} ${incident.description ? html`<p class="facts-description">${incident.description}</p>` : nothing}
    </div>`;
  }

  private offerCard(offer: OfferView): TemplateResult {
    const draft = this.core.offerDraft(offer.offerId);
    const left = remaining(offer.expiresAt, this.now);
    const urgent = left === null || Date.parse(offer.expiresAt) - this.now < 15_000;
    const declining = this.declining === offer.offerId;
    const error = (declining && this.localError) || draft.error;
    const setDeclining = (on: boolean) => {
      this.declining = on ? offer.offerId : null;
      this.localError = '';
      this.redraw();
    };
    const confirm = () => {
      if (this.reason.trim()) return this.core.decline(offer, this.reason.trim());
      this.localError = t('reasonRequired');
      this.redraw();
    };
    const actions = !declining
      ? html`<div class="actions">
          <button class="btn big btn-ok" type="button" data-testid="accept-button" ?disabled=${draft.busy} @click=${() => this.core.accept(offer)}>${t('accept')}</button>
          <button class="btn big btn-danger" type="button" data-testid="decline-button" ?disabled=${draft.busy} @click=${() => setDeclining(true)}>${t('decline')}</button>
        </div>`
      : html`<div class="actions declining">
          <label class="reason-label">${t('declineReason')}</label>
          <div class="quick-reasons">
            ${QUICK_REASONS[locale()].map(
              (text) => html`<button class="chip" type="button" @click=${() => ((this.reason = text), this.redraw())}>${text}</button>`,
            )}
          </div>
          <textarea class="reason-input" rows="2" data-testid="decline-reason" placeholder=${t('declineReason')} .value=${this.reason} @input=${(e: Event) => (this.reason = valueOf(e))}></textarea>
          <div class="actions-row">
            <button class="btn big btn-ghost" type="button" @click=${() => setDeclining(false)}>${t('cancel')}</button>
            <button class="btn big btn-danger" type="button" data-testid="decline-button" ?disabled=${draft.busy} @click=${confirm}>${t('confirmDecline')}</button>
          </div>
        </div>`;
    return html`<section class="card offer-card" data-testid="offer-card" data-incident-id=${offer.incidentId} data-offer-id=${offer.offerId}>
      <div class="offer-banner">
        <span class="offer-title">${icon('bell')}${t('newInstruction')}</span>
        <span class="offer-left">
          <span class="muted">${t('respondWithin')}</span>
          <span class="offer-countdown num ${urgent ? 'urgent' : ''}" data-testid="offer-countdown" data-expires-at=${offer.expiresAt}>${left ?? t('offerExpired')}</span>
        </span>
      </div>
      ${offer.queued ? html`<p class="offer-queued" data-testid="offer-queued">${t('queuedOffer')}</p>` : nothing} ${this.facts(offer.incident)}
      ${offer.distanceM !== null ? html`<div class="facts-distance">${t('distance')} <strong class="num">${formatDistance(offer.distanceM)}</strong></div>` : nothing}
      ${this.clocks(offer.incident)} ${error ? html`<p class="error-text" role="alert">${error}</p>` : nothing} ${actions}
    </section>`;
  }

  private activeCase(incident: IncidentView): TemplateResult {
    const core = this.core;
    const draft = core.caseDraft(incident);
    const pending = core.pendingFor(incident.id);
    const links = baiduNavigationUrls(incident.location, incident.address, undefined);
    const away = draft.call ? timeAwaySeconds(draft.call) : null;
    const siteCheck = incident.contactKind === 'site_check';
    const error = this.localError || draft.error;
    const openBaidu = (e: MouseEvent) => {
      e.preventDefault();
      const fallback = setTimeout(() => {
        if (document.visibilityState === 'visible') window.open(links.web, '_blank', 'noopener');
      }, 1500);
      document.addEventListener('visibilitychange', () => clearTimeout(fallback), { once: true });
      location.href = links.app;
    };
    const step = (testId: string, text: string, kind: CaseStep, tone: string, glyph: IconName) => {
      const click = () => {
        if (kind !== 'close') return core.step(incident, kind);
        if (!this.result.trim()) {
          this.localError = t('resultRequired');
          return this.redraw();
        }
        this.localError = '';
        core.step(incident, 'close', this.result.trim());
      };
      return html`<button class="btn big ${tone}" type="button" data-testid=${testId} ?disabled=${draft.busy} @click=${click}>${icon(glyph)}${text}</button>`;
    };
    const next =
      incident.state === 'accepted'
        ? html`<div class="actions ${draft.called ? 'prompted' : ''}">
            ${draft.called ? html`<p class="prompt">${t('calledHint')}</p>` : nothing}
            ${step('contact-button', t(siteCheck ? 'siteChecked' : 'contacted'), 'contact', 'btn-primary', siteCheck ? 'pin' : 'phone')}
          </div>`
        : incident.state === 'contacted'
          ? html`<div class="actions">${step('arrive-button', t('arrived'), 'arrive', 'btn-primary', 'pin')}</div>`
          : incident.state === 'arrived'
            ? html`<div class="actions declining">
                <label class="reason-label">${t('result')}</label>
                <textarea class="result-input" rows="3" data-testid="result-input" placeholder=${t('resultPlaceholder')} .value=${this.result} @input=${(e: Event) => (this.result = valueOf(e))}></textarea>
                ${step('close-button', t('closeCase'), 'close', 'btn-ok', 'check')}
              </div>`
            : nothing;
    return html`<section class="card case-card" data-testid="active-case" data-incident-id=${incident.id} data-state=${incident.state}>
      <div class="case-banner">
        <span>${t('activeCase')}</span>
        <span class="case-banner-right">
          ${pending > 0 ? html`<span class="pending-badge" data-testid="pending-badge" data-count=${pending}>${t('pendingSend')} ${pending}</span>` : nothing}
          <span class="badge" data-state=${incident.state}>${label(INCIDENT_STATE_LABELS, incident.state)}</span>
        </span>
      </div>
      ${this.facts(incident, () => core.callStarted(incident))} ${this.clocks(incident)}
      ${incident.state !== 'arrived'
        ? html`<div class="nav-links">
            ${icon('pin')}
            <a class="btn nav-link" href=${amapNavigationUrl(incident.location, incident.address)} target="_blank" rel="noopener" data-testid="nav-amap">${t('navAmap')}</a>
            <a class="btn nav-link" href=${links.web} target="_blank" rel="noopener" data-testid="nav-baidu" data-app-url=${links.app} @click=${openBaidu}>${t('navBaidu')}</a>
          </div>`
        : nothing}
      ${this.mapHost} ${error ? html`<p class="error-text" role="alert">${error}</p>` : nothing}
      ${draft.call
        ? html`<div class="call-question" data-testid="call-question">
            <p class="prompt">${t('callWentThrough')}${away !== null ? html`<span class="muted num"> · ${t('callTimeAway').replace('{n}', String(away))}</span>` : nothing}</p>
            <div class="actions">
              <button class="btn big btn-ok" type="button" data-testid="call-answered" ?disabled=${draft.busy} @click=${() => core.callAnswered(incident, true)}>${t('callAnswered')}</button>
              <button class="btn big btn-ghost" type="button" data-testid="call-not-answered" ?disabled=${draft.busy} @click=${() => core.callAnswered(incident, false)}>${t('callNotAnswered')}</button>
            </div>
          </div>`
        : nothing}
      ${next}
    </section>`;
  }

  private today(cases: IncidentView[]): TemplateResult {
    const mark = (i: IncidentView, stage: string, text: string) => {
      const clock = i.clocks.find((c) => c.stage === stage);
      const done = clock?.doneAt ?? null;
      if (!clock || !done) return html`<span class="stage-mark open" data-stage=${stage}>${text} —</span>`;
      const inTime = Date.parse(done) <= Date.parse(clock.deadline);
      return html`<span class="stage-mark ${inTime ? 'ok' : 'late'}" data-stage=${stage} data-in-time=${String(inTime)} title=${t(inTime ? 'inTime' : 'late')}
        >${text} ${formatTime(done).slice(0, 5)} ${inTime ? '✓' : '✗'}</span
      >`;
    };
    return html`<section class="card today" data-testid="today">
      <div class="today-head"><h2>${t('today')}</h2><span class="muted num">${cases.length}</span></div>
      ${cases.length === 0
        ? html`<p class="muted">${t('todayEmpty')}</p>`
        : html`<ul class="today-list">
            ${cases.map((i) => {
              const pending = this.core.pendingFor(i.id);
              return html`<li class="today-row" data-testid="today-case" data-incident-id=${i.id} data-state=${i.state}>
                <div class="today-line">
                  <strong>${label(CATEGORY_LABELS, i.category)}</strong>
                  ${i.queued ? html`<span class="tag tag-queued">${t('queuedTag')}</span>` : nothing}
                  <span class="badge" data-state=${i.state} data-closure=${i.closure ?? nothing}>${stateLabelOf(i)[locale()]}</span>
                  ${pending > 0 ? html`<span class="tag tag-pending" data-testid="today-pending">${t('pendingSend')} ${pending}</span>` : nothing}
                </div>
                <div class="today-address muted">${formatTime(i.receivedAt).slice(0, 5)} · ${i.address}</div>
                <div class="today-stages">${TODAY_STAGES.map(([stage, key]) => mark(i, stage, t(key)))}</div>
              </li>`;
            })}
          </ul>`}
    </section>`;
  }

  protected override render(): TemplateResult {
    const core = this.core;
    const view = core.shown();
    const offers = view.pendingOffers();
    const active = view.activeCase();
    const queued = view.queuedCase();
    const [first] = offers;
    const syncedAt = core.syncedAt();
    const reports = core.pending().filter((s) => s.kind === 'report').length;
    const queuedPending = queued ? core.pendingFor(queued.id) : 0;
    return html`
      ${!core.connected() && syncedAt !== null
        ? html`<div class="offline-banner" role="status" data-testid="offline-banner">${t('offlineSnapshot').replace('{t}', formatTime(new Date(syncedAt)).slice(0, 5))}</div>`
        : nothing}
      ${core.refusals.map(
        (r) => html`<div class="step-refused" role="alert" data-testid="step-refused">
          <p>${r.caseNo ? html`<span class="muted num">${r.caseNo} · </span>` : nothing}${r.text}</p>
          <button class="btn btn-ghost" type="button" @click=${() => core.dismissRefusal(r.id)}>${t('gotIt')}</button>
        </div>`,
      )}
      ${reports ? html`<p class="pending-reports" data-testid="pending-reports">${t('pendingReports').replace('{n}', String(reports))}</p>` : nothing}
      ${first ? this.offerCard(first) : nothing} ${offers.length > 1 ? html`<p class="more-offers">+${offers.length - 1} ${t('moreOffers')}</p>` : nothing}
      ${active ? this.activeCase(active) : nothing}
      ${queued
        ? html`<section class="card case-card queued-case" data-testid="queued-case" data-incident-id=${queued.id}>
            <div class="case-banner">
              <span>${t('queuedCase')}</span>
              ${queuedPending > 0 ? html`<span class="pending-badge" data-testid="pending-badge" data-count=${queuedPending}>${t('pendingSend')} ${queuedPending}</span>` : nothing}
            </div>
            <p class="muted">${t('queuedCaseHint')}</p>
            ${this.facts(queued)}
          </section>`
        : nothing}
      ${!first && !active
        ? html`<section class="idle ${view.onDuty ? '' : 'off'}" data-testid="idle">
            <div class="idle-ring"><span>${view.onDuty ? '✓' : '—'}</span></div>
            <h2>${view.onDuty ? t('waitingForInstruction') : t('offDuty')}</h2>
            <p class="muted">${view.onDuty ? t('waitingHint') : t('offDutyHint')}</p>
          </section>`
        : nothing}
      ${this.today(todaysCases(view.incidents.values(), core.workerId, this.now))}
      <footer class="phone-foot muted">${t('closedTodayCount')} <strong class="num">${view.closedToday(this.now)}</strong></footer>
    `;
  }
}

customElements.define('xn-phone-main', PhoneMainLit);
const core = await startPhoneCore();
const element = document.createElement('xn-phone-main') as PhoneMainLit;
element.core = core;
byId('phone-main').replaceChildren(element);
await core.start();
