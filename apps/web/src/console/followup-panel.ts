/**
 * 「回访」: the operators' 回访 worklist (#11, docs/followup.md) — overdue first (the alarm), then due,
 * 督办 with their deadlines (resolve), and resolved cases waiting for a 销号 decision. The button
 * shows how many are overdue; the list reloads when a case changes on the socket.
 */
import { CATEGORY_LABELS, FOLLOWUP_API, type FollowUpWorklist, type IncidentView } from '@xiaonao/contracts';
import { errorText, type ApiClient } from '../shared/api-client';
import { h } from '../shared/dom';
import { formatDateTime } from '../shared/format-time';
import { label, locale, onLocaleChange } from '../shared/i18n';
import { showToast } from '../shared/toast';
import type { ConsoleStore } from './console-store';
import { followUpForm, noteAction } from './followup-form';

const tx = (zh: string, en: string) => (locale() === 'en' ? en : zh);
const EMPTY: FollowUpWorklist = { due: [], overdue: [], supervision: [], awaitingSignOff: [] };

export class FollowUpPanel {
  private readonly button = h('button', { class: 'btn btn-ghost', type: 'button', 'data-testid': 'followup-open' });
  private panel: HTMLElement | null = null;
  private list: FollowUpWorklist = EMPTY;
  private openForm: string | null = null;
  private reloadTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly host: HTMLElement,
    private readonly api: ApiClient,
    store: ConsoleStore,
  ) {
    this.button.addEventListener('click', () => (this.panel ? this.close() : void this.open()));
    onLocaleChange(() => {
      this.kept.clear();
      this.label();
      this.paint();
    });
    // A 回访 scheduled, overdue or recorded arrives as a case upsert: reload the worklist shortly after.
    store.onChange((change) => {
      if (change === 'incidents') this.reloadSoon();
    });
    this.label();
    void this.load();
  }

  mountButton(bar: HTMLElement): void {
    bar.prepend(this.button);
  }

  async open(): Promise<void> {
    this.panel ??= h('div', { class: 'followup-panel', 'data-testid': 'followup-panel' });
    if (!this.panel.isConnected) this.host.append(this.panel);
    await this.load();
  }

  close(): void {
    this.panel?.remove();
    this.panel = null;
    this.openForm = null;
    this.kept.clear();
  }

  private reloadSoon(): void {
    if (this.reloadTimer) return;
    this.reloadTimer = setTimeout(() => {
      this.reloadTimer = null;
      void this.load();
    }, 500);
  }

  private async load(): Promise<void> {
    try {
      this.list = await this.api.get<FollowUpWorklist>(FOLLOWUP_API.worklist);
    } catch (e) {
      if (this.panel) showToast(errorText(e), 'error');
    }
    this.label();
    this.paint();
  }

  /** 回访 with the number overdue (回访 and 督办): the console's alarm for them. */
  private label(): void {
    const late = this.list.overdue.length + this.list.supervision.filter((i) => i.followUp?.supervision?.status === 'overdue').length;
    this.button.replaceChildren(tx('回访', 'Return visits'), late ? h('span', { class: 'followup-alarm', 'data-testid': 'followup-alarm' }, String(late)) : '');
  }

  /**
   * Forms and note fields live across repaints: the worklist reloads whenever a case changes anywhere
   * in the township, and a repaint must not wipe what the operator is typing or has chosen.
   */
  private readonly kept = new Map<string, HTMLElement>();
  private keep(key: string, make: () => HTMLElement): HTMLElement {
    let el = this.kept.get(key);
    if (!el) {
      el = make();
      this.kept.set(key, el);
    }
    return el;
  }

  private paint(): void {
    if (!this.panel) return;
    // Only the fields of cases still listed are kept (a recorded case's form goes with it).
    const listed = new Set([...this.list.overdue, ...this.list.due, ...this.list.supervision, ...this.list.awaitingSignOff].map((i) => i.id));
    for (const key of this.kept.keys()) if (!listed.has(key.split(':')[1] ?? '')) this.kept.delete(key);
    const close = h('button', { class: 'btn btn-ghost', type: 'button' }, '×');
    close.addEventListener('click', () => this.close());
    this.panel.replaceChildren(
      h('div', { class: 'followup-head' }, h('h3', { class: 'detail-sub' }, tx('回访与督办', 'Return visits and supervision')), close),
      this.section('overdue', tx('回访超期', 'Overdue'), this.list.overdue, (i) => this.recordable(i)),
      this.section('due', tx('待回访', 'Due'), this.list.due, (i) => this.recordable(i)),
      this.section('supervision', tx('督办', 'Under supervision'), this.list.supervision, (i) => this.supervised(i)),
      this.section('sign-off', tx('待销号', 'Awaiting sign-off'), this.list.awaitingSignOff, (i) => this.awaiting(i)),
    );
  }

  private section(kind: string, title: string, items: readonly IncidentView[], row: (i: IncidentView) => HTMLElement[]): HTMLElement {
    return h(
      'section',
      { class: 'followup-section', 'data-kind': kind, 'data-testid': `followup-${kind}` },
      h('h4', {}, `${title} (${items.length})`),
      items.length ? h('ul', {}, ...items.map((i) => h('li', { 'data-case-no': i.caseNo }, this.head(i), ...row(i)))) : h('p', { class: 'muted' }, tx('无', 'None')),
    );
  }

  private head(i: IncidentView): HTMLElement {
    return h('div', { class: 'followup-case' }, h('strong', { class: 'num' }, i.caseNo), ` ${label(CATEGORY_LABELS, i.category)} · ${i.address} · ${i.callerName} ${i.callerPhone}`);
  }

  private recordable(i: IncidentView): HTMLElement[] {
    const f = i.followUp;
    const due = h('span', { class: f?.status === 'overdue' ? 'followup-late' : 'muted' }, `${tx('应回访', 'Due')} ${f ? formatDateTime(f.dueAt) : ''}${f?.attempts ? tx(` · 未接通 ${f.attempts} 次`, ` · ${f.attempts} missed`) : ''}`);
    const toggle = h('button', { class: 'btn btn-ghost', type: 'button', 'data-testid': 'fu-toggle' }, tx('记录回访', 'Record call'));
    toggle.addEventListener('click', () => {
      this.openForm = this.openForm === i.id ? null : i.id;
      this.paint();
    });
    const out: HTMLElement[] = [h('div', { class: 'fu-row' }, due, toggle)];
    if (this.openForm === i.id) out.push(this.keep(`form:${i.id}`, () => followUpForm(this.api, i, (answer) => this.answered(answer))));
    return out;
  }

  private supervised(i: IncidentView): HTMLElement[] {
    const s = i.followUp?.supervision;
    const deadline = h('span', { class: s?.status === 'overdue' ? 'followup-late' : 'muted' }, `${tx('督办期限', 'Deadline')} ${s ? formatDateTime(s.deadline) : ''}${s?.status === 'overdue' ? tx('（已超期）', ' (overdue)') : ''} · ${s?.notes ?? ''}`);
    return [deadline, this.keep(`resolve:${i.id}`, () => noteAction(tx('办结情况', 'What was done'), tx('督办办结', 'Resolve'), 'fu-resolve', (notes) => this.api.post<IncidentView>(FOLLOWUP_API.resolveSupervision(i.id), { notes }).then((a) => this.answered(a))))];
  }

  private awaiting(i: IncidentView): HTMLElement[] {
    const why = i.followUp?.supervision?.status === 'resolved' ? tx('督办已办结', 'Supervision resolved') : tx('未抽中回访', 'Not sampled for a return visit');
    return [h('span', { class: 'muted' }, why), this.keep(`sign-off:${i.id}`, () => noteAction(tx('销号理由', 'Reason'), tx('销号', 'Sign off'), 'fu-sign-off', (reason) => this.api.post<IncidentView>(FOLLOWUP_API.signOff(i.id), { reason }).then((a) => this.answered(a))))];
  }

  private answered(incident: IncidentView): void {
    this.openForm = null;
    // The next call of a case still listed (not reached: try again later) starts from a blank form.
    for (const key of this.kept.keys()) if (key.endsWith(`:${incident.id}`)) this.kept.delete(key);
    const said = incident.signedOffAt ? tx('已销号', 'Signed off') : incident.followUp?.reopenedAs ? `${tx('已重新派办', 'Reopened as')} ${incident.followUp.reopenedAs.caseNo}` : tx('已记录', 'Recorded');
    showToast(`${incident.caseNo} ${said}`, 'info');
    void this.load();
  }
}
