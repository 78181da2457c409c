/**
 * The console's hand-back actions on an open case: 退回公安 (a police matter after all: back to the
 * transferring station) and 移交12345 (a government department's matter), each with a reason
 * category and the reason in words; and, on a case that left this way, what was said and by whom.
 * The form is kept across redraws (the detail redraws on every change of the case) so typing survives.
 */
import {
  HANDBACK_API,
  HANDOVER_12345_REASONS,
  HANDOVER_12345_REASON_LABELS,
  POLICE_RETURN_REASONS,
  POLICE_RETURN_REASON_LABELS,
  type HandbackTarget,
  type HandbackView,
  type IncidentView,
  type Locale,
} from '@xiaonao/contracts';
import { errorText, type ApiClient } from '../shared/api-client';
import { h } from '../shared/dom';
import { formatDateTime } from '../shared/format-time';
import { locale } from '../shared/i18n';

const say = (text: Record<Locale, string>) => text[locale()];

const TEXT = {
  returnToPolice: { zh: '退回公安', en: 'Return to police' },
  handOver12345: { zh: '移交12345', en: 'Hand over to 12345' },
  category: { zh: '类别', en: 'Category' },
  reason: { zh: '理由', en: 'Reason' },
  notes: { zh: '补充说明（选填）', en: 'Notes (optional)' },
  submit: { zh: '确认', en: 'Confirm' },
  cancel: { zh: '取消', en: 'Cancel' },
  reasonMissing: { zh: '请填写理由', en: 'Please give a reason' },
  returnHint: { zh: '事件将关闭为「已退回公安」，由移交派出所签收', en: 'The case closes as returned; the transferring station signs for it' },
  handOverHint: { zh: '事件将关闭为「已移交12345」，转由政府部门办理', en: 'The case closes as handed over to 12345' },
  handback: { zh: '退回 / 移交', en: 'Hand-back' },
  by: { zh: '经办', en: 'By' },
  acknowledged: { zh: '已签收', en: 'Signed for' },
  notAcknowledged: { zh: '待派出所签收', en: 'Awaiting the station' },
  role: { worker: { zh: '网格员', en: 'worker' }, operator: { zh: '值班员', en: 'operator' }, station: { zh: '派出所', en: 'station' }, leader: { zh: '镇领导', en: 'township leader' } },
} as const;

/** The reason category's words, police or 12345. */
export function handbackReasonText(handback: Pick<HandbackView, 'target' | 'reasonCategory'>): string {
  const labels: Record<string, Record<Locale, string>> = handback.target === 'police' ? POLICE_RETURN_REASON_LABELS : HANDOVER_12345_REASON_LABELS;
  return labels[handback.reasonCategory] ? say(labels[handback.reasonCategory]) : handback.reasonCategory;
}

/** What a case that left the township's hands says about it: target, why, notes, who, when, the station's 签收. */
export function handbackFacts(incident: IncidentView): HTMLElement | null {
  const hb = incident.handback;
  if (!hb) return null;
  const line = (title: Record<Locale, string>, value: string) => h('div', { class: 'handback-line' }, h('span', { class: 'muted' }, `${say(title)}${locale() === 'zh' ? '：' : ': '}`), value);
  return h(
    'div',
    { class: 'handback-facts', 'data-testid': 'handback-facts', 'data-target': hb.target },
    h('div', { class: 'handback-title' }, `${say(hb.target === 'police' ? TEXT.returnToPolice : TEXT.handOver12345)} · ${handbackReasonText(hb)}`),
    line(TEXT.reason, hb.reason),
    hb.notes ? line(TEXT.notes, hb.notes) : null,
    line(TEXT.by, `${hb.by.name}（${say(TEXT.role[hb.by.role])}） ${formatDateTime(hb.at)}`),
    hb.target === 'police'
      ? h(
          'div',
          { class: hb.acknowledgedAt ? 'handback-line handback-signed' : 'handback-line handback-unsigned', 'data-testid': 'handback-ack' },
          hb.acknowledgedAt ? `${say(TEXT.acknowledged)} · ${hb.acknowledgedBy ?? ''} ${formatDateTime(hb.acknowledgedAt)}` : say(TEXT.notAcknowledged),
        )
      : null,
  );
}

interface OpenForm {
  incidentId: string;
  target: HandbackTarget;
  el: HTMLElement;
}

export class HandbackActions {
  private open: OpenForm | null = null;

  constructor(
    private readonly api: ApiClient,
    /** The case as the hub answered after the hand-back. */
    private readonly onDone: (updated: IncidentView) => void,
  ) {}

  /** The two buttons, or the open form; nothing for a closed case. */
  element(incident: IncidentView): HTMLElement | null {
    if (incident.state === 'closed') {
      if (this.open?.incidentId === incident.id) this.open = null;
      return null;
    }
    if (this.open && this.open.incidentId !== incident.id) this.open = null;
    if (this.open) return this.open.el;
    const button = (target: HandbackTarget) => {
      const b = h('button', { class: 'btn btn-ghost', type: 'button', 'data-testid': target === 'police' ? 'return-to-police' : 'hand-over-12345' }, say(target === 'police' ? TEXT.returnToPolice : TEXT.handOver12345));
      b.addEventListener('click', () => {
        this.open = { incidentId: incident.id, target, el: this.form(incident, target) };
        b.closest('.handback-actions')?.replaceWith(this.open.el);
      });
      return b;
    };
    const toPolice = button('police');
    // Nowhere to return it: a case that came in by no police station (an operator's entry, a camera).
    if (!incident.station) toPolice.setAttribute('disabled', '');
    return h('div', { class: 'assign-form handback-actions' }, toPolice, button('12345'));
  }

  private form(incident: IncidentView, target: HandbackTarget): HTMLElement {
    const reasons: readonly string[] = target === 'police' ? POLICE_RETURN_REASONS : HANDOVER_12345_REASONS;
    const select = h(
      'select',
      { class: 'handback-category', 'data-testid': 'handback-category', 'aria-label': say(TEXT.category) },
      ...reasons.map((r) => h('option', { value: r }, handbackReasonText({ target, reasonCategory: r }))),
    );
    const reason = h('textarea', { class: 'handback-reason', 'data-testid': 'handback-reason', rows: 2, maxlength: 500, placeholder: say(TEXT.reason) });
    const notes = h('textarea', { class: 'handback-notes', 'data-testid': 'handback-notes', rows: 2, maxlength: 2000, placeholder: say(TEXT.notes) });
    const error = h('p', { class: 'error-text', hidden: true });
    const submit = h('button', { class: 'btn btn-danger', type: 'submit', 'data-testid': 'handback-submit' }, say(TEXT.submit));
    const cancel = h('button', { class: 'btn btn-ghost', type: 'button' }, say(TEXT.cancel));
    const form = h(
      'form',
      { class: 'handback-form', 'data-testid': 'handback-form', 'data-target': target },
      h('div', { class: 'handback-title' }, say(target === 'police' ? TEXT.returnToPolice : TEXT.handOver12345)),
      h('p', { class: 'muted' }, say(target === 'police' ? TEXT.returnHint : TEXT.handOverHint)),
      select,
      reason,
      notes,
      error,
      h('div', { class: 'assign-form' }, submit, cancel),
    );
    cancel.addEventListener('click', () => {
      this.open = null;
      const buttons = this.element(incident);
      if (buttons) form.replaceWith(buttons);
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const text = reason.value.trim();
      if (!text) {
        error.textContent = say(TEXT.reasonMissing);
        error.hidden = false;
        return;
      }
      submit.setAttribute('disabled', '');
      const path = target === 'police' ? HANDBACK_API.returnToPolice(incident.id) : HANDBACK_API.handOver12345(incident.id);
      this.api.post<IncidentView>(path, { reasonCategory: select.value, reason: text, notes: notes.value.trim() }).then(
        (updated) => {
          this.open = null;
          this.onDone(updated);
        },
        (e: unknown) => {
          submit.removeAttribute('disabled');
          error.textContent = errorText(e);
          error.hidden = false;
        },
      );
    });
    return form;
  }
}
