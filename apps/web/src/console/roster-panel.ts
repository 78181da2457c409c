/**
 * 排班: today's shifts of every worker the operator may roster, whether each is on duty and why (排班,
 * 临时调整, 未排班), a form to add a shift and one to override a worker's duty. Times are Beijing time.
 * Saving a shift replaces that worker's shifts of that day with the ones shown plus the new one.
 */
import { API, DUTY_SOURCE_LABELS, type RosterRequest, type RosterView, type ShiftView, type WorkerDutyView, type WorkerView } from '@xiaonao/contracts';
import { errorText, type ApiClient } from '../shared/api-client';
import { h } from '../shared/dom';
import { formatDateTime, shanghaiDay } from '../shared/format-time';
import { label, onLocaleChange, t, type TextKey } from '../shared/i18n';
import { serverNow } from '../shared/server-clock';
import { showToast } from '../shared/toast';

const shiftText = (s: ShiftView) => `${s.start}–${s.end}${s.end <= s.start ? `（${t('rosterNextDay')}）` : ''}`;

export class RosterPanel {
  private readonly button = h('button', { class: 'btn btn-ghost', type: 'button', 'data-testid': 'roster-open' });
  private panel: HTMLElement | null = null;
  private view: RosterView | null = null;

  /** `host`: where the panel floats (over the map); `workers`: the console's workers, for names. */
  constructor(
    private readonly host: HTMLElement,
    private readonly api: ApiClient,
    private readonly workers: () => WorkerView[],
  ) {
    this.button.addEventListener('click', () => (this.panel ? this.close() : void this.open()));
    this.button.textContent = t('roster');
    onLocaleChange(() => {
      this.button.textContent = t('roster');
      if (this.panel) this.paint();
    });
  }

  /** The 排班 button, first in `bar`. */
  mountButton(bar: HTMLElement): void {
    bar.prepend(this.button);
  }

  async open(): Promise<void> {
    this.panel ??= h('div', { class: 'roster-panel', 'data-testid': 'roster-panel' });
    if (!this.panel.isConnected) this.host.append(this.panel);
    await this.load();
  }

  close(): void {
    this.panel?.remove();
    this.panel = null;
  }

  private async load(): Promise<void> {
    const today = shanghaiDay(new Date(serverNow()));
    try {
      this.view = await this.api.get<RosterView>(`${API.roster}?from=${today}&to=${today}`);
      this.paint();
    } catch (e) {
      showToast(errorText(e), 'error');
    }
  }

  private paint(): void {
    if (!this.panel || !this.view) return;
    const view = this.view;
    const names = new Map(this.workers().map((w) => [w.id, w.name]));
    const nameOf = (id: string) => names.get(id) ?? id.slice(0, 8);
    const rows = view.duty.map((d) => this.row(d, view.shifts.filter((s) => s.workerId === d.workerId), nameOf(d.workerId)));
    const close = h('button', { class: 'btn btn-ghost', type: 'button' }, '×');
    close.addEventListener('click', () => this.close());
    this.panel.replaceChildren(
      h('div', { class: 'nc-actions' }, h('h3', { class: 'detail-sub' }, `${t('rosterTitle')} ${view.from}`), close),
      rows.length
        ? h(
            'table',
            { class: 'roster-table' },
            h('thead', {}, h('tr', {}, ...(['rosterWorker', 'rosterShifts', 'rosterDuty', 'rosterSource'] as const).map((k) => h('th', {}, t(k))))),
            h('tbody', {}, ...rows),
          )
        : h('p', { class: 'muted' }, t('rosterEmpty')),
      this.shiftForm(view, nameOf),
      this.overrideForm(view, nameOf),
    );
  }

  private row(duty: WorkerDutyView, shifts: ShiftView[], name: string): HTMLElement {
    const override = duty.override;
    const note = override
      ? `${t('rosterOverrideBy').replace('{by}', override.by).replace('{reason}', override.reason || '—')}，${
          override.until ? t('rosterUntil').replace('{t}', formatDateTime(override.until)) : t('rosterUntilNextChange')
        }`
      : null;
    return h(
      'tr',
      { 'data-worker': duty.workerId },
      h('td', {}, name),
      h('td', {}, shifts.length ? shifts.map(shiftText).join('，') : h('span', { class: 'muted' }, t('rosterNoShift'))),
      h('td', { class: duty.onDuty ? 'roster-duty-on' : 'roster-duty-off' }, t(duty.onDuty ? 'rosterOnDuty' : 'rosterOffDuty')),
      h('td', {}, h('span', { class: `roster-source roster-source-${duty.source}` }, label(DUTY_SOURCE_LABELS, duty.source)), note && h('span', { class: 'roster-note' }, note)),
    );
  }

  private workerSelect(view: RosterView, nameOf: (id: string) => string): HTMLSelectElement {
    return h('select', { name: 'workerId' }, ...view.duty.map((d) => h('option', { value: d.workerId }, nameOf(d.workerId))));
  }

  private field(key: TextKey, control: HTMLElement, wide = false): HTMLElement {
    return h('label', { class: wide ? 'roster-wide' : null }, h('span', { class: 'muted' }, t(key)), control);
  }

  private shiftForm(view: RosterView, nameOf: (id: string) => string): HTMLElement {
    const worker = this.workerSelect(view, nameOf);
    const date = h('input', { name: 'date', type: 'date', value: view.from, required: true });
    const start = h('input', { name: 'start', type: 'time', value: '08:00', required: true });
    const end = h('input', { name: 'end', type: 'time', value: '20:00', required: true });
    const error = h('p', { class: 'error-text' });
    const form = h(
      'form',
      { class: 'roster-form', 'data-testid': 'roster-shift-form' },
      h('h4', {}, t('rosterAddShift')),
      this.field('rosterWorker', worker, true),
      this.field('rosterDate', date, true),
      this.field('rosterStart', start, true),
      this.field('rosterEnd', end, true),
      error,
      h('div', { class: 'nc-actions roster-wide' }, h('button', { class: 'btn btn-primary', type: 'submit' }, t('submit'))),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.saveShift(worker.value, date.value, start.value, end.value, error);
    });
    return form;
  }

  private async saveShift(workerId: string, date: string, start: string, end: string, error: HTMLElement): Promise<void> {
    try {
      // The day's other shifts of this worker are kept: the hub replaces the named workers' shifts of the range.
      const sameDay = await this.api.get<RosterView>(`${API.roster}?from=${date}&to=${date}`);
      const kept = sameDay.shifts.filter((s) => s.workerId === workerId).map(({ workerId: w, date: d, start: s, end: e }) => ({ workerId: w, date: d, start: s, end: e }));
      const body: RosterRequest = { from: date, to: date, workerIds: [workerId], shifts: [...kept, { workerId, date, start, end }] };
      await this.api.put<RosterView>(API.roster, body);
      showToast(t('rosterSaved'));
      await this.load();
    } catch (e) {
      error.textContent = errorText(e);
    }
  }

  private overrideForm(view: RosterView, nameOf: (id: string) => string): HTMLElement {
    const worker = this.workerSelect(view, nameOf);
    const duty = h('select', { name: 'onDuty' }, h('option', { value: 'true' }, t('rosterSetOn')), h('option', { value: 'false' }, t('rosterSetOff')));
    const reason = h('input', { name: 'reason', maxlength: 200, autocomplete: 'off' });
    // Entered as Beijing wall-clock time whatever the browser's zone.
    const until = h('input', { name: 'until', type: 'datetime-local' });
    const error = h('p', { class: 'error-text' });
    const form = h(
      'form',
      { class: 'roster-form', 'data-testid': 'roster-override-form' },
      h('h4', {}, t('rosterOverride')),
      this.field('rosterWorker', worker, true),
      this.field('rosterDuty', duty, true),
      this.field('rosterReason', reason, true),
      this.field('rosterOverrideUntil', until, true),
      error,
      h('div', { class: 'nc-actions roster-wide' }, h('button', { class: 'btn btn-primary', type: 'submit' }, t('submit'))),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const body = { onDuty: duty.value === 'true', reason: reason.value.trim() || undefined, until: until.value ? `${until.value}:00+08:00` : undefined };
      void this.api
        .put<WorkerDutyView>(API.workerDuty(worker.value), body)
        .then(async () => {
          showToast(t('rosterOverridden').replace('{name}', nameOf(worker.value)));
          await this.load();
        })
        .catch((err: unknown) => (error.textContent = errorText(err)));
    });
    return form;
  }
}
