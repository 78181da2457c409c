/**
 * 「退回公安」 on the phone: the worker on site finds a police matter (violence, theft, a wanted
 * person) and returns the case to the transferring station with a category, the reason and what they
 * saw. Online only: unlike the field steps it does not wait in the offline queue (the station must
 * hear at once, and the hub may refuse it per the responsibility table), so offline the page says so.
 * The tap carries an Idempotency-Key kept until answered, so a retry after a lost answer is harmless.
 */
import { HANDBACK_API, IDEMPOTENCY_KEY_HEADER, POLICE_RETURN_REASONS, POLICE_RETURN_REASON_LABELS, type IncidentView, type Locale, type PoliceReturnReason } from '@xiaonao/contracts';
import { errorText, type ApiClient } from '../shared/api-client';
import { h } from '../shared/dom';
import { locale } from '../shared/i18n';
import { newStepKey } from './step-queue';

const say = (text: Record<Locale, string>) => text[locale()];

const TEXT = {
  open: { zh: '退回公安', en: 'Return to police' },
  title: { zh: '退回公安（属警务事项）', en: 'Return to the police (a police matter)' },
  hint: { zh: '事件将关闭为「已退回公安」，由移交派出所签收处理', en: 'The case closes as returned; the station takes it over' },
  reason: { zh: '退回理由（必填）', en: 'Reason (required)' },
  notes: { zh: '现场情况：人员特征、去向等（选填，供派出所参考）', en: 'What you saw on site (optional, for the station)' },
  submit: { zh: '确认退回', en: 'Return it' },
  cancel: { zh: '取消', en: 'Cancel' },
  offline: { zh: '退回公安需联网，请在网络恢复后操作', en: 'Returning to the police needs a connection' },
  reasonMissing: { zh: '请填写退回理由', en: 'Please give the reason' },
} as const;

interface Draft {
  incidentId: string;
  open: boolean;
  category: PoliceReturnReason;
  reason: string;
  notes: string;
  busy: boolean;
  error: string;
  /** One key per attempt until the hub answers it. */
  key: string;
}

export class ReturnToPolicePanel {
  private draft: Draft | null = null;

  constructor(
    private readonly api: ApiClient,
    /** Redraw the page (the panel opened, closed, or is waiting). */
    private readonly redraw: () => void,
    /** The hub's answer: the case, now closed as returned. */
    private readonly onReturned: (incident: IncidentView) => void,
  ) {}

  element(incident: IncidentView, online: boolean): HTMLElement | null {
    if (incident.state !== 'accepted' && incident.state !== 'contacted' && incident.state !== 'arrived') return null;
    const d = this.draftFor(incident.id);
    if (!d.open) {
      const open = h('button', { class: 'btn btn-danger', type: 'button', 'data-testid': 'return-to-police', disabled: !online }, say(TEXT.open));
      open.addEventListener('click', () => {
        d.open = true;
        this.redraw();
      });
      return h('div', { class: 'return-police-closed' }, open, online ? null : h('p', { class: 'muted return-police-offline', 'data-testid': 'return-offline' }, say(TEXT.offline)));
    }
    const chips = POLICE_RETURN_REASONS.map((r) => {
      const chip = h('button', { class: `chip${d.category === r ? ' chip-on' : ''}`, type: 'button', 'data-reason': r, 'aria-pressed': d.category === r ? 'true' : 'false' }, say(POLICE_RETURN_REASON_LABELS[r]));
      chip.addEventListener('click', () => {
        d.category = r;
        this.redraw();
      });
      return chip;
    });
    const reason = h('textarea', { class: 'reason-input', rows: 2, maxlength: 500, 'data-testid': 'return-reason', placeholder: say(TEXT.reason) });
    reason.value = d.reason;
    reason.addEventListener('input', () => (d.reason = reason.value));
    const notes = h('textarea', { class: 'reason-input', rows: 3, maxlength: 2000, 'data-testid': 'return-notes', placeholder: say(TEXT.notes) });
    notes.value = d.notes;
    notes.addEventListener('input', () => (d.notes = notes.value));
    const submit = h('button', { class: 'btn big btn-danger', type: 'button', 'data-testid': 'return-submit', disabled: d.busy || !online }, say(TEXT.submit));
    submit.addEventListener('click', () => this.send(incident, d));
    const cancel = h('button', { class: 'btn big btn-ghost', type: 'button', disabled: d.busy }, say(TEXT.cancel));
    cancel.addEventListener('click', () => {
      d.open = false;
      d.error = '';
      this.redraw();
    });
    return h(
      'section',
      { class: 'card return-police', 'data-testid': 'return-police-form' },
      h('h3', {}, say(TEXT.title)),
      h('p', { class: 'muted' }, say(TEXT.hint)),
      h('div', { class: 'quick-reasons' }, ...chips),
      reason,
      notes,
      online ? null : h('p', { class: 'prompt', 'data-testid': 'return-offline' }, say(TEXT.offline)),
      d.error ? h('p', { class: 'error-text', role: 'alert' }, d.error) : null,
      h('div', { class: 'actions' }, cancel, submit),
    );
  }

  private draftFor(incidentId: string): Draft {
    if (this.draft?.incidentId !== incidentId) {
      this.draft = { incidentId, open: false, category: 'violence', reason: '', notes: '', busy: false, error: '', key: newStepKey() };
    }
    return this.draft;
  }

  private send(incident: IncidentView, d: Draft): void {
    const reason = d.reason.trim();
    if (!reason) {
      d.error = say(TEXT.reasonMissing);
      this.redraw();
      return;
    }
    d.busy = true;
    d.error = '';
    this.redraw();
    const body = { reasonCategory: d.category, reason, notes: d.notes.trim() };
    this.api.post<IncidentView>(HANDBACK_API.returnToPolice(incident.id), body, { [IDEMPOTENCY_KEY_HEADER]: d.key }).then(
      (returned) => {
        this.draft = null;
        this.onReturned(returned);
      },
      (e: unknown) => {
        d.busy = false;
        d.error = errorText(e);
        // A refusal is final for this request; a changed request gets a fresh key.
        d.key = newStepKey();
        this.redraw();
      },
    );
  }
}
