/**
 * Two parts of a case's detail: how its point was found when it came with an address only (confidence,
 * and 确认位置 / 在地图上改点 while it waits), and the reports linked to it (how many, by which doors,
 * each with 拆分 when it was linked by mistake, and its photo).
 */
import {
  INCIDENT_SOURCE_LABELS,
  REPORT_API,
  REPORT_ROLE_LABELS,
  type ErrorBody,
  type IncidentReportsView,
  type IncidentView,
  type LngLat,
  type ReportView,
  type SplitReportAnswer,
} from '@xiaonao/contracts';
import { ApiError, errorText, type ApiClient } from '../shared/api-client';
import { h } from '../shared/dom';
import { formatDistance, formatTime } from '../shared/format-time';
import { label, t } from '../shared/i18n';
import { showToast } from '../shared/toast';
import type { CallerPhoneReveal } from './caller-phone-reveal';
import { mapPicker } from './map-pick';

export class IncidentReports {
  /** Kept across redraws of the detail, so an answer arriving later fills what is on screen. */
  private readonly root = h('section', { class: 'reports-section', 'data-testid': 'incident-reports' });
  private view: IncidentReportsView | null = null;
  private loaded = '';
  private error = '';
  private seq = 0;
  private readonly photos = new Map<string, string>();
  private moving: ((p: LngLat) => void) | null = null;

  constructor(
    private readonly api: ApiClient,
    /** The case as the hub answered after a change here. */
    private readonly onChanged: (incident: IncidentView) => void,
    /** Each report's caller number shows masked, with 查看完整号码. */
    private readonly phones: CallerPhoneReveal,
  ) {}

  /** The placement notice (if the case was placed from an address) and the reports section. */
  parts(incident: IncidentView): HTMLElement[] {
    const version = `${incident.id}@${incident.updatedAt}`;
    if (this.view?.incidentId !== incident.id) this.reset();
    if (version !== this.loaded) {
      this.loaded = version;
      void this.load(incident);
    }
    this.paint(incident);
    const placement = this.placement(incident);
    return placement ? [placement, this.root] : [this.root];
  }

  private reset(): void {
    this.view = null;
    this.error = '';
    for (const url of this.photos.values()) URL.revokeObjectURL(url);
    this.photos.clear();
    if (this.moving) mapPicker.release(this.moving);
    this.moving = null;
  }

  private async load(incident: IncidentView): Promise<void> {
    const seq = ++this.seq;
    try {
      const view = await this.api.get<IncidentReportsView>(REPORT_API.incidentReports(incident.id));
      if (seq !== this.seq) return;
      this.view = view;
      this.error = '';
    } catch (e) {
      if (seq !== this.seq) return;
      this.error = errorText(e);
    }
    this.paint(incident);
  }

  private placement(incident: IncidentView): HTMLElement | null {
    const p = incident.placement;
    if (!p) return null;
    const summary = `${t('placement')}：${p.placeName} · ${t('placementConfidence').replace('{p}', String(Math.round(p.confidence * 100)))}`;
    if (!p.needsConfirmation) return h('p', { class: 'muted placement-note', 'data-testid': 'placement' }, summary);
    const confirm = h('button', { class: 'btn btn-primary', type: 'button', 'data-testid': 'confirm-point' }, t('confirmPoint'));
    confirm.addEventListener('click', () => void this.confirmPoint(incident, null, confirm));
    const move = h('button', { class: 'btn btn-ghost', type: 'button', 'data-testid': 'move-point' }, t('movePoint'));
    move.addEventListener('click', () => {
      if (this.moving) mapPicker.release(this.moving);
      const listener = (point: LngLat) => {
        mapPicker.mark(point);
        void this.confirmPoint(incident, point, move);
      };
      this.moving = listener;
      mapPicker.want(listener);
      showToast(t('movePointHint'), 'info');
    });
    return h(
      'div',
      { class: 'placement-note needs-confirm', 'data-testid': 'placement' },
      h('p', { class: 'flag-risk' }, `⚠ ${t('pointNeedsConfirm')}`),
      h('p', { class: 'muted' }, summary),
      h('div', { class: 'assign-form' }, confirm, move),
    );
  }

  private async confirmPoint(incident: IncidentView, location: LngLat | null, button: HTMLElement): Promise<void> {
    button.setAttribute('disabled', '');
    try {
      const updated = await this.api.post<IncidentView>(REPORT_API.confirmPoint(incident.id), location ? { location, coordSystem: 'WGS84' } : {});
      if (this.moving) mapPicker.release(this.moving);
      this.moving = null;
      this.onChanged(updated);
    } catch (e) {
      button.removeAttribute('disabled');
      showToast(errorText(e), 'error');
    }
  }

  private paint(incident: IncidentView): void {
    const head = h('h3', { class: 'detail-sub' }, t('reports'));
    const v = this.view?.incidentId === incident.id ? this.view : null;
    if (this.error || !v) {
      this.root.replaceChildren(head, this.error ? h('p', { class: 'error-text' }, this.error) : h('p', { class: 'muted' }, t('loading')));
      return;
    }
    const sources = v.sources.map((s) => label(INCIDENT_SOURCE_LABELS, s)).join('、');
    this.root.replaceChildren(
      head,
      h('p', { class: 'muted', 'data-testid': 'reports-summary' }, t('reportsSummary').replace('{n}', String(v.count)).replace('{sources}', sources)),
      h('ol', { class: 'report-list' }, ...v.reports.map((r) => this.item(incident, r))),
    );
  }

  private item(incident: IncidentView, r: ReportView): HTMLElement {
    const facts = [
      formatTime(r.receivedAt),
      label(INCIDENT_SOURCE_LABELS, r.source),
      r.caseNo,
      label(REPORT_ROLE_LABELS, r.role),
      r.distanceM === null ? null : t('reportDistance').replace('{d}', formatDistance(r.distanceM)),
    ].filter(Boolean);
    const whoParts: (string | HTMLElement)[] = [r.callerName, r.callerPhone ? this.phones.element(incident.id, r.callerPhone, r.id) : '', r.address].filter((p) => p !== '');
    const who = whoParts.flatMap((p, i) => (i ? [' · ', p] : [p]));
    const actions: HTMLElement[] = [];
    if (r.role === 'linked' && incident.state !== 'closed') {
      const split = h('button', { class: 'btn btn-ghost', type: 'button', 'data-testid': 'split-report' }, t('splitReport'));
      split.addEventListener('click', () => void this.split(incident, r, split));
      actions.push(split);
    }
    const shown = this.photos.get(r.id);
    if (r.photoUrl && !shown) {
      const view = h('button', { class: 'btn btn-ghost', type: 'button', 'data-testid': 'view-photo' }, t('viewPhoto'));
      view.addEventListener('click', () => void this.showPhoto(incident, r, view));
      actions.push(view);
    }
    return h(
      'li',
      { 'data-role': r.role, 'data-testid': 'report-item' },
      h('div', { class: 'num' }, facts.join(' · ')),
      who.length ? h('div', { class: 'muted' }, ...who) : null,
      h('div', {}, r.description),
      shown ? h('img', { class: 'report-photo', src: shown, alt: t('photo') }) : null,
      actions.length ? h('div', { class: 'assign-form' }, ...actions) : null,
    );
  }

  private async split(incident: IncidentView, r: ReportView, button: HTMLElement): Promise<void> {
    if (!window.confirm(t('splitConfirm'))) return;
    button.setAttribute('disabled', '');
    try {
      const answer = await this.api.post<SplitReportAnswer>(REPORT_API.split(incident.id, r.id));
      showToast(t('splitDone').replace('{no}', answer.incident.caseNo), 'success');
      this.loaded = '';
      this.onChanged(answer.from);
    } catch (e) {
      button.removeAttribute('disabled');
      showToast(errorText(e), 'error');
    }
  }

  /** The photo is behind the operator's token, so an <img src> cannot fetch it: fetched here, shown from a blob. */
  private async showPhoto(incident: IncidentView, r: ReportView, button: HTMLElement): Promise<void> {
    if (!r.photoUrl) return;
    button.setAttribute('disabled', '');
    try {
      const response = await this.api.fetch(r.photoUrl);
      if (!response.ok) throw new ApiError(response.status, ((await response.json().catch(() => null)) as ErrorBody | null) ?? null);
      this.photos.set(r.id, URL.createObjectURL(await response.blob()));
      this.paint(incident);
    } catch (e) {
      button.removeAttribute('disabled');
      showToast(errorText(e), 'error');
    }
  }
}
