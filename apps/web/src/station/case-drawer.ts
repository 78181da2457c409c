/**
 * One case opened from the station's table, read-only: its facts, its 1-3-8 clocks, its result and its
 * hash-chained timeline with the hub's verdict (「时间线校验通过」 or the failure). The detail comes from
 * the hub (GET /api/incidents/{id}, the station's own cases only); the caller's phone stays masked.
 */
import { API, CATEGORY_LABELS, HANDOVER_12345_REASON_LABELS, INCIDENT_SOURCE_LABELS, POLICE_RETURN_REASON_LABELS, stateLabelOf, type IncidentDetailView, type IncidentView, type Locale } from '@xiaonao/contracts';
import type { TimelineVerdict } from '@xiaonao/domain';
import { errorText, type ApiClient } from '../shared/api-client';
import { caseTimeline, verdictBadge } from '../shared/case-timeline';
import { clockChips, refreshClockChips } from '../shared/clock-chips';
import { h } from '../shared/dom';
import { formatDateTime } from '../shared/format-time';
import { label, locale, t } from '../shared/i18n';
import { serverNow } from '../shared/server-clock';
import { st } from './station-text';

function handbackReason(category: string): string {
  const labels = { ...POLICE_RETURN_REASON_LABELS, ...HANDOVER_12345_REASON_LABELS } as Record<string, Record<Locale, string>>;
  return labels[category]?.[locale()] ?? category;
}

export class CaseDrawer {
  private id: string | null = null;
  private detail: IncidentDetailView | null = null;
  private verdict: TimelineVerdict | 'unavailable' | null = null;
  private error: string | null = null;
  private fetchSeq = 0;

  constructor(
    private readonly root: HTMLElement,
    private readonly api: ApiClient,
  ) {
    document.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && this.id) this.close();
    });
  }

  get openId(): string | null {
    return this.id;
  }

  open(incident: IncidentView): void {
    this.id = incident.id;
    this.detail = null;
    this.verdict = null;
    this.error = null;
    this.render(incident);
    // The keyboard lands in the panel; Escape or the button closes it.
    this.root.querySelector<HTMLButtonElement>('[data-testid="drawer-close"]')?.focus();
    void this.fetch(incident.id);
  }

  close(): void {
    this.id = null;
    this.fetchSeq++;
    this.root.hidden = true;
    this.root.replaceChildren();
  }

  /** The open case changed (a socket upsert): its detail and verdict are read again. */
  changed(incident: IncidentView): void {
    if (incident.id === this.id) void this.fetch(incident.id);
  }

  rerender(): void {
    if (this.id && this.detail) this.render(this.detail);
  }

  tick(now: number): void {
    if (this.id) refreshClockChips(this.root, now);
  }

  private async fetch(id: string): Promise<void> {
    const seq = ++this.fetchSeq;
    // Asked alongside the detail; a check that fails to answer must not hide the timeline.
    const verdict = this.api.get<TimelineVerdict>(API.timelineVerify(id)).catch((): 'unavailable' => 'unavailable');
    try {
      const detail = await this.api.get<IncidentDetailView>(API.incident(id));
      const checked = await verdict;
      if (seq !== this.fetchSeq) return;
      this.detail = detail;
      this.verdict = checked;
      this.error = null;
      this.render(detail);
    } catch (e) {
      if (seq !== this.fetchSeq) return;
      this.error = errorText(e);
      if (this.detail) this.render(this.detail);
      else this.root.querySelector('[data-testid="drawer-timeline"]')?.replaceChildren(h('p', { class: 'error-text' }, this.error));
    }
  }

  private render(incident: IncidentView): void {
    this.root.hidden = false;
    const closeButton = h('button', { class: 'btn btn-ghost', type: 'button', 'data-testid': 'drawer-close', 'aria-label': st('close') }, '✕');
    closeButton.addEventListener('click', () => this.close());
    const fact = (name: string, value: Node | string | null) => (value === null || value === '' ? null : h('div', { class: 'fact' }, h('dt', {}, name), h('dd', {}, value)));
    const caller = [incident.callerName, incident.callerPhone].filter(Boolean).join(' · ');
    const hb = incident.handback;
    this.root.replaceChildren(
      h(
        'div',
        { class: 'drawer-head' },
        h('div', {}, h('div', { class: 'drawer-title' }, st('drawerTitle')), h('div', { class: 'drawer-case-no num', 'data-testid': 'drawer-case-no' }, incident.caseNo)),
        h('span', { class: 'badge', 'data-state': incident.state, 'data-closure': incident.closure, 'data-testid': 'drawer-state' }, stateLabelOf(incident)[locale()]),
        closeButton,
      ),
      h('h3', { class: 'drawer-sub' }, st('facts')),
      h(
        'dl',
        { class: 'facts', 'data-testid': 'drawer-facts' },
        fact(t('receivedAt'), formatDateTime(incident.receivedAt)),
        fact(st('source'), label(INCIDENT_SOURCE_LABELS, incident.source)),
        fact(t('category'), label(CATEGORY_LABELS, incident.category)),
        fact(t('address'), incident.address),
        fact(st('caller'), caller),
        fact(st('description'), incident.description),
        fact(st('grid'), incident.grid?.name ?? null),
        fact(t('worker'), incident.worker ? [incident.worker.name, incident.worker.phone].filter(Boolean).join(' · ') : t('unassigned')),
      ),
      h('h3', { class: 'drawer-sub' }, st('clocks')),
      clockChips(incident, serverNow()),
      h('h3', { class: 'drawer-sub' }, t('result')),
      h(
        'dl',
        { class: 'facts', 'data-testid': 'drawer-result' },
        fact(st('closure'), incident.closure ? stateLabelOf(incident)[locale()] : null),
        fact(st('closedAt'), incident.closedAt ? formatDateTime(incident.closedAt) : null),
        fact(t('result'), incident.result),
        fact(st('handback'), hb ? [handbackReason(hb.reasonCategory), hb.reason, hb.notes].filter(Boolean).join(' · ') : null),
      ),
      incident.closure || incident.result || hb ? '' : h('p', { class: 'muted' }, '—'),
      h('h3', { class: 'drawer-sub' }, st('timeline'), ' ', this.detail ? verdictBadge(this.verdict, this.verdictText()) : ''),
      h(
        'div',
        { 'data-testid': 'drawer-timeline' },
        this.error ? h('p', { class: 'error-text' }, this.error) : this.detail ? caseTimeline(this.detail, st('noTimeline')) : h('p', { class: 'muted' }, t('loading')),
      ),
    );
    this.root.dataset.caseNo = incident.caseNo;
  }

  private verdictText() {
    return { checking: st('timelineChecking'), ok: st('timelineOk'), broken: st('timelineBroken'), mismatch: st('timelineMismatch'), unavailable: st('timelineUnavailable') };
  }
}
