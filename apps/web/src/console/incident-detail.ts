/** The selected case in full: who called, where, who went, who was paged and how, the clocks and the timeline from the hub. */
import {
  API,
  CATEGORY_LABELS,
  CHAIN_BREAK_LABELS,
  EVENT_SOURCE_LABELS,
  SKIP_REASON_LABELS,
  TEAM_LABELS,
  TRAVEL_MODE_LABELS,
  stateLabelOf,
  type ErrorBody,
  type IncidentDetailView,
  type IncidentView,
  type CandidateView,
  type ClockAlert,
  type Locale,
  type PageAttemptView,
  type TimelineExportFormat,
  type WorkerView,
} from '@xiaonao/contracts';
import { distanceMeters, type TimelineVerdict } from '@xiaonao/domain';
import { ApiError, errorText, type ApiClient } from '../shared/api-client';
import { clockChips, refreshClockChips } from '../shared/clock-chips';
import { h } from '../shared/dom';
import { formatDateTime, formatDistance, formatTime } from '../shared/format-time';
import { label, locale, t } from '../shared/i18n';
import { serverNow } from '../shared/server-clock';
import { showToast } from '../shared/toast';
import { CallerPhoneReveal } from './caller-phone-reveal';
import { HandbackActions, handbackFacts } from './handback-dialog';
import { IncidentReports } from './incident-reports';
import { PageAttemptsSection } from './page-attempts-section';
import { reachBadge, verdictText } from './reachability';
import { reasonCounts, shownCandidates } from './shown-candidates';
import { timelineDetailText, timelineEntryLabel } from './timeline-labels';

/** A burst of attempt changes (one offer's chain) refetches the timeline once. */
const TIMELINE_REFRESH_MS = 400;

const DETAIL_TEXT = {
  eligibleBelowCut: { zh: '可派但排名靠后', en: 'Eligible, ranked lower' },
} satisfies Record<string, Record<Locale, string>>;

export class IncidentDetail {
  private detail: IncidentDetailView | null = null;
  /** The hub's check of the timeline: null while it is being asked, 'unavailable' when it could not answer. */
  private verdict: TimelineVerdict | 'unavailable' | null = null;
  private loadError: string | null = null;
  private fetchSeq = 0;
  private readonly reports: IncidentReports;
  private readonly pages: PageAttemptsSection;
  private readonly phones: CallerPhoneReveal;
  private readonly handback: HandbackActions;
  private timelineRefresh: ReturnType<typeof setTimeout> | null = null;
  /**
   * The case shown, by id: its facts are always read from the console's store (the one copy socket news
   * keeps current); the fetched detail adds only the timeline and the recommendation.
   */
  private shownId: string | null = null;
  /** 「另有 N 人未列出」 opened by the operator for the case shown. */
  private restOpen = false;

  constructor(
    private readonly root: HTMLElement,
    private readonly api: ApiClient,
    private readonly onClose: () => void,
    private readonly workers: () => WorkerView[],
    /** The store's copy of a case, and how an answer's newer copy goes into the store (which redraws this). */
    private readonly caseOf: (id: string) => IncidentView | null,
    private readonly put: (incident: IncidentView) => void,
  ) {
    this.phones = new CallerPhoneReveal(api, () => this.redraw());
    this.reports = new IncidentReports(api, (updated) => this.put(updated), this.phones);
    this.pages = new PageAttemptsSection(api, workers);
    this.handback = new HandbackActions(api, (updated) => this.put(updated));
  }

  /** Shows `incident` at once and fetches its timeline; call again when it changes. */
  show(incident: IncidentView, now: number): void {
    this.phones.showing(incident.id);
    this.shownId = incident.id;
    if (this.detail?.id !== incident.id) {
      this.detail = null;
      this.verdict = null;
      this.loadError = null;
      this.restOpen = false;
      this.pages.reset(incident.id);
    }
    this.render(incident, now);
    void this.fetch(incident.id, now);
    void this.pages.load();
  }

  /**
   * A `page.updated` event: the attempts of the case shown change in place, and its timeline, which
   * has a `paged` entry for each change, is fetched again.
   */
  pageUpdated(attempt: PageAttemptView): void {
    if (this.root.hidden || !this.pages.update(attempt)) return;
    this.refreshTimeline(attempt.incidentId);
  }

  /**
   * A `clock.alert` event: the hub has written 预警, or 超时 with its 升级处置, into the case's timeline;
   * the case shown fetches it again at once, without waiting for its next change of state.
   */
  clockAlert(alert: ClockAlert): void {
    if (this.root.hidden || this.shownId !== alert.incidentId) return;
    this.refreshTimeline(alert.incidentId);
  }

  private refreshTimeline(incidentId: string): void {
    if (this.timelineRefresh) return;
    this.timelineRefresh = setTimeout(() => {
      this.timelineRefresh = null;
      if (!this.root.hidden && this.shownId === incidentId) void this.fetch(incidentId, serverNow());
    }, TIMELINE_REFRESH_MS);
  }

  /** Draws the case shown again as it is, e.g. with a number just revealed. */
  private redraw(): void {
    const incident = this.shownId ? this.caseOf(this.shownId) : null;
    if (incident && !this.root.hidden) this.render(incident, serverNow());
  }

  hide(): void {
    this.root.hidden = true;
    this.root.replaceChildren();
    this.detail = null;
    this.shownId = null;
    this.pages.reset(null);
  }

  tick(now: number): void {
    if (!this.root.hidden) refreshClockChips(this.root, now);
  }

  private async fetch(id: string, now: number): Promise<void> {
    const seq = ++this.fetchSeq;
    // Asked alongside the detail; a check that fails to answer must not hide the timeline.
    const verdict = this.api.get<TimelineVerdict>(API.timelineVerify(id)).catch((): 'unavailable' => 'unavailable');
    try {
      const detail = await this.api.get<IncidentDetailView>(API.incident(id));
      const checked = await verdict;
      if (seq !== this.fetchSeq) return;
      this.detail = detail;
      this.verdict = checked;
      this.loadError = null;
      this.pages.setTimeline(detail.timeline);
      // The facts from the store: a socket event may have moved the case on while this was fetched.
      this.render(this.caseOf(id) ?? detail, now);
    } catch (e) {
      if (seq !== this.fetchSeq) return;
      this.loadError = errorText(e);
    }
  }

  private render(incident: IncidentView, now: number): void {
    this.root.hidden = false;
    const back = h('button', { class: 'btn btn-ghost detail-back', type: 'button' }, `← ${t('back')}`);
    back.addEventListener('click', () => this.onClose());
    const row = (key: Parameters<typeof t>[0], value: Node | string | null) =>
      value ? h('div', { class: 'detail-row' }, h('dt', {}, t(key)), h('dd', {}, value)) : null;
    const tel = (name: string, phone: string) => h('span', {}, `${name} `, h('a', { href: `tel:${phone}`, class: 'num' }, phone));
    // The caller's number comes masked; the full one only through 查看完整号码, with a reason.
    const caller = incident.callerPhone ? h('span', {}, `${incident.callerName} `, this.phones.element(incident.id, incident.callerPhone)) : incident.callerName;

    // How the case left the township's hands, or the actions to hand it back while it is open.
    const handbackParts = [handbackFacts(incident), this.handback.element(incident)].filter((part) => part !== null);

    this.root.replaceChildren(
      h(
        'div',
        { class: 'detail-head' },
        back,
        h('span', { class: 'case-no num' }, incident.caseNo),
        h('span', { class: 'badge', 'data-state': incident.state, 'data-closure': incident.closure }, stateLabelOf(incident)[locale()]),
      ),
      h('div', { class: 'detail-title' }, `${label(CATEGORY_LABELS, incident.category)} · ${incident.address}`),
      clockChips(incident, now),
      h(
        'dl',
        { class: 'detail-grid' },
        row('receivedAt', formatDateTime(incident.receivedAt)),
        row('caller', caller),
        row('station', incident.station?.name ?? null),
        row('grid', incident.grid?.name ?? null),
        row('worker', incident.worker ? tel(incident.worker.name, incident.worker.phone) : t('unassigned')),
        row('description', incident.description),
        row('result', incident.result),
      ),
      ...handbackParts,
      // A point still to be confirmed is confirmed first (the placement notice below), which dispatches.
      ...(incident.awaitingConfirmation && !incident.placement?.needsConfirmation ? [this.confirmButton(incident)] : []),
      ...(incident.state === 'closed' ? [] : [this.assignForm(incident)]),
      ...this.reports.parts(incident),
      h('h3', { class: 'detail-sub' }, t('pageRecords')),
      this.pages.el,
      h('h3', { class: 'detail-sub' }, t('recommendation')),
      this.recommendation(),
      h('h3', { class: 'detail-sub' }, t('timeline'), ' ', this.chainBadge()),
      this.exportButtons(incident),
      this.timeline(),
    );
  }

  /** Assign by hand, or reassign a case in hand: free, on-duty workers, nearest first. */
  private assignForm(incident: IncidentView): HTMLElement {
    const near = (w: WorkerView) => (w.location ? distanceMeters(w.location, incident.location) : Number.POSITIVE_INFINITY);
    const free = this.workers()
      .filter((w) => w.onDuty && w.status === 'available' && w.id !== incident.worker?.id)
      .sort((a, b) => near(a) - near(b));
    const select = h(
      'select',
      { class: 'assign-select', 'data-testid': 'assign-select' },
      ...free.map((w) =>
        h(
          'option',
          { value: w.id },
          [w.name, label(TEAM_LABELS, w.team), w.location ? formatDistance(near(w)) : null, w.reachability ? verdictText(w.reachability.verdict) : null].filter(Boolean).join(' · '),
        ),
      ),
    );
    const button = h('button', { class: 'btn', type: 'button', 'data-testid': 'assign-button' }, t('assign'));
    if (!free.length) button.setAttribute('disabled', '');
    button.addEventListener('click', () => {
      button.setAttribute('disabled', '');
      this.api.post<IncidentView>(API.assign(incident.id), { workerId: select.value }).then(
        (updated) => this.show(updated, Date.now()),
        (e: unknown) => {
          this.loadError = errorText(e);
          this.render(incident, Date.now());
        },
      );
    });
    const inHand = incident.state === 'accepted' || incident.state === 'contacted' || incident.state === 'arrived';
    return h('div', { class: 'assign-form' }, h('span', { class: 'muted' }, t(inHand ? 'reassignTo' : 'assignTo')), select, button);
  }

  private confirmButton(incident: IncidentView): HTMLElement {
    const button = h('button', { class: 'btn btn-primary', type: 'button', 'data-testid': 'confirm-dispatch' }, t('confirmDispatch'));
    button.addEventListener('click', () => {
      button.setAttribute('disabled', '');
      this.api.post<IncidentView>(API.confirmDispatch(incident.id)).then(
        (updated) => this.show(updated, Date.now()),
        (e: unknown) => {
          button.removeAttribute('disabled');
          this.loadError = errorText(e);
          this.render(incident, Date.now());
        },
      );
    });
    return button;
  }

  /**
   * Every worker the dispatcher considered: the ranked ones with their estimate, the others with the
   * reason. The top ones show; the rest fold behind 「另有 N 人未列出」 with their reasons counted.
   */
  private recommendation(): HTMLElement {
    const rec = this.detail?.recommendation;
    if (!rec) return h('p', { class: 'muted' }, this.detail ? '—' : t('loading'));
    const minutes = (s: number | null) => (s === null ? '' : `${Math.floor(s / 60)}:${String(Math.round(s % 60)).padStart(2, '0')}`);
    const { shown, hidden, rest } = shownCandidates(rec.candidates);
    // The hub's verdict when it judged; the worker's reachability now explains it on hover.
    const reachNow = new Map(this.workers().map((w) => [w.id, w.reachability]));
    const now = serverNow();
    const row = (c: CandidateView) =>
      h(
        'li',
        { 'data-skipped': c.skipped ?? '', 'data-stale': c.stale ? 'true' : null, 'data-worker-id': c.workerId, title: c.stale ? t('stalePosition') : null },
        h('span', { class: 'num' }, c.rank === null ? '–' : String(c.rank)),
        h('span', {}, `${c.name} · ${label(TEAM_LABELS, c.team)}`, c.reachability ? reachBadge(c.reachability, reachNow.get(c.workerId), now) : null),
        h(
          'span',
          { class: 'muted' },
          [
            c.distanceM === null ? null : formatDistance(c.distanceM),
            c.etaSeconds === null ? null : `${t('eta')} ${minutes(c.etaSeconds)}${c.mode ? ` ${label(TRAVEL_MODE_LABELS, c.mode)}` : ''}`,
            c.ownGrid ? t('ownGrid') : null,
            c.stale ? t('stalePosition') : null,
            c.queued ? t('queuedCandidate') : null,
            c.skipped ? label(SKIP_REASON_LABELS, c.skipped) : null,
          ]
            .filter(Boolean)
            .join(' · '),
        ),
      );
    return h(
      'div',
      { class: 'recommendation', 'data-testid': 'recommendation' },
      rec.arrivalAtRisk ? h('p', { class: 'flag-risk' }, `⚠ ${t('arrivalAtRisk')}`) : null,
      h('ol', { class: 'candidates' }, ...shown.map(row)),
      hidden > 0 ? this.restOfCandidates(rest, row) : null,
    );
  }

  /** 「另有 71 人未列出 · 不在岗 40 · 正在处置其他事件 20 …」, opening onto the list; stays open across redraws of the case. */
  private restOfCandidates(rest: readonly CandidateView[], row: (c: CandidateView) => HTMLElement): HTMLElement {
    const reasons = reasonCounts(rest).map(({ reason, count }) => `${reason ? label(SKIP_REASON_LABELS, reason) : DETAIL_TEXT.eligibleBelowCut[locale()]} ${count}`);
    const more = h(
      'details',
      { class: 'candidates-more', 'data-testid': 'candidates-more', open: this.restOpen ? true : null },
      h('summary', { class: 'muted' }, [t('moreCandidates').replace('{n}', String(rest.length)), ...reasons].join(' · ')),
      h('ol', { class: 'candidates candidates-rest', 'data-testid': 'candidates-rest' }, ...rest.map(row)),
    );
    more.addEventListener('toggle', () => {
      this.restOpen = more.open;
    });
    return more;
  }

  private timeline(): HTMLElement {
    if (this.loadError) return h('p', { class: 'error-text' }, this.loadError);
    if (!this.detail) return h('p', { class: 'muted' }, t('loading'));
    // In chain order: the order the hub recorded them, which the hashes vouch for.
    const entries = [...this.detail.timeline].sort((a, b) => a.seq - b.seq);
    const names = new Map(this.workers().map((w) => [w.id, w.name]));
    return h(
      'ol',
      { class: 'timeline' },
      ...entries.map((entry) =>
        h(
          'li',
          { 'data-type': entry.type },
          h('span', { class: 'tl-time num' }, formatTime(entry.at)),
          h(
            'span',
            { class: 'tl-type' },
            timelineEntryLabel(entry),
            ' ',
            h('span', { class: 'badge tl-source', 'data-source': entry.source, title: `#${entry.seq} · ${entry.hash.slice(0, 12)}…` }, label(EVENT_SOURCE_LABELS, entry.source)),
          ),
          h('span', { class: 'tl-actor muted' }, timelineDetailText(entry, (id) => names.get(id), this.detail?.station?.name)),
        ),
      ),
    );
  }

  /** 「链校验通过」 or 「链校验失败（第 N 条）」 with the reason; the events not rebuilding the case shows too. */
  private chainBadge(): HTMLElement {
    const v = this.verdict;
    const badge = (text: string, ok: boolean | null, title: string | null = null) =>
      // Reuses the state colours: green as a closed case, red as a waiting one.
      h('span', { class: 'badge chain-badge', 'data-state': ok === null ? null : ok ? 'closed' : 'received', 'data-testid': 'chain-badge', title }, text);
    if (v === null) return badge(t('chainChecking'), null);
    if (v === 'unavailable') return badge(t('chainUnavailable'), null);
    if (!v.chain.ok) return badge(`${t('chainBroken').replace('{n}', String(v.chain.seq))} · ${label(CHAIN_BREAK_LABELS, v.chain.reason)}`, false);
    if (v.mismatches.length) return badge(t('chainMismatch'), false, v.mismatches.map((m) => `${m.field}: ${m.fromEvents ?? '—'} ≠ ${m.onRow ?? '—'}`).join('\n'));
    return badge(t('chainOk'), true);
  }

  private exportButtons(incident: IncidentView): HTMLElement {
    const button = (format: TimelineExportFormat) => {
      const b = h('button', { class: 'btn btn-ghost', type: 'button', 'data-testid': `export-${format}` }, t(format === 'json' ? 'exportJson' : 'exportCsv'));
      b.addEventListener('click', () => {
        b.setAttribute('disabled', '');
        downloadExport(this.api, incident.id, format)
          .catch((e: unknown) => showToast(errorText(e), 'error'))
          .finally(() => b.removeAttribute('disabled'));
      });
      return b;
    };
    return h('div', { class: 'assign-form' }, button('json'), button('csv'));
  }
}

/**
 * The export is an attachment behind the operator's token, so a plain link cannot fetch it: fetch it
 * with the token and hand the browser the file under the hub's (Chinese) file name.
 */
async function downloadExport(api: ApiClient, incidentId: string, format: TimelineExportFormat): Promise<void> {
  const response = await api.fetch(API.timelineExport(incidentId, format));
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => null);
    throw new ApiError(response.status, body !== null && typeof body === 'object' && 'message' in body ? (body as ErrorBody) : null);
  }
  const disposition = response.headers.get('content-disposition') ?? '';
  const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  const name = utf8 ? decodeURIComponent(utf8) : `timeline-${incidentId}.${format}`;
  const url = URL.createObjectURL(await response.blob());
  const link = h('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked on the next turn: the click has handed the blob to the download by then.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
