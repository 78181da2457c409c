/**
 * The console's hand-back actions on an open case: 退回公安 (a police matter after all: back to the
 * transferring station) and 移交12345 (a government department's matter), each with a reason
 * category and the reason in words; and, on a case that left this way, what was said and by whom.
 * The form is the detail's own state, so typing survives every change of the case.
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
import { useRef, useState } from 'preact/hooks';
import { errorText } from '../shared/api-client';
import { formatDateTime } from '../shared/format-time';
import { locale } from '../shared/i18n';
import { useActions } from './console-context';

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
export function HandbackFacts({ incident }: { incident: IncidentView }) {
  const hb = incident.handback;
  if (!hb) return null;
  const line = (title: Record<Locale, string>, value: string) => (
    <div class="handback-line">
      <span class="muted">{`${say(title)}${locale() === 'zh' ? '：' : ': '}`}</span>
      {value}
    </div>
  );
  return (
    <div class="handback-facts" data-testid="handback-facts" data-target={hb.target}>
      <div class="handback-title">{`${say(hb.target === 'police' ? TEXT.returnToPolice : TEXT.handOver12345)} · ${handbackReasonText(hb)}`}</div>
      {line(TEXT.reason, hb.reason)}
      {hb.notes ? line(TEXT.notes, hb.notes) : null}
      {line(TEXT.by, `${hb.by.name}（${say(TEXT.role[hb.by.role])}） ${formatDateTime(hb.at)}`)}
      {hb.target === 'police' ? (
        <div class={hb.acknowledgedAt ? 'handback-line handback-signed' : 'handback-line handback-unsigned'} data-testid="handback-ack">
          {hb.acknowledgedAt ? `${say(TEXT.acknowledged)} · ${hb.acknowledgedBy ?? ''} ${formatDateTime(hb.acknowledgedAt)}` : say(TEXT.notAcknowledged)}
        </div>
      ) : null}
    </div>
  );
}

/** The two buttons, or the open form; nothing for a closed case. */
export function HandbackActions({ incident }: { incident: IncidentView }) {
  const [open, setOpen] = useState<HandbackTarget | null>(null);
  if (incident.state === 'closed') return null;
  if (open) return <HandbackForm incident={incident} target={open} onCancel={() => setOpen(null)} />;
  const button = (target: HandbackTarget) => (
    <button
      class="btn btn-ghost"
      type="button"
      data-testid={target === 'police' ? 'return-to-police' : 'hand-over-12345'}
      // Nowhere to return it: a case that came in by no police station (an operator's entry, a camera).
      disabled={target === 'police' && !incident.station}
      onClick={() => setOpen(target)}
    >
      {say(target === 'police' ? TEXT.returnToPolice : TEXT.handOver12345)}
    </button>
  );
  return (
    <div class="assign-form handback-actions">
      {button('police')}
      {button('12345')}
    </div>
  );
}

function HandbackForm({ incident, target, onCancel }: { incident: IncidentView; target: HandbackTarget; onCancel: () => void }) {
  const actions = useActions();
  const category = useRef<HTMLSelectElement>(null);
  const reason = useRef<HTMLTextAreaElement>(null);
  const notes = useRef<HTMLTextAreaElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const reasons: readonly string[] = target === 'police' ? POLICE_RETURN_REASONS : HANDOVER_12345_REASONS;
  const submit = (event: Event) => {
    event.preventDefault();
    const text = reason.current?.value.trim() ?? '';
    if (!text) {
      setError(say(TEXT.reasonMissing));
      return;
    }
    setBusy(true);
    const path = target === 'police' ? HANDBACK_API.returnToPolice(incident.id) : HANDBACK_API.handOver12345(incident.id);
    actions.api.post<IncidentView>(path, { reasonCategory: category.current?.value ?? reasons[0], reason: text, notes: notes.current?.value.trim() ?? '' }).then(
      (updated) => {
        // The case closes: the form goes with the case's open state.
        actions.upsertIncident(updated);
      },
      (e: unknown) => {
        setBusy(false);
        setError(errorText(e));
      },
    );
  };
  return (
    <form class="handback-form" data-testid="handback-form" data-target={target} onSubmit={submit}>
      <div class="handback-title">{say(target === 'police' ? TEXT.returnToPolice : TEXT.handOver12345)}</div>
      <p class="muted">{say(target === 'police' ? TEXT.returnHint : TEXT.handOverHint)}</p>
      <select ref={category} class="handback-category" data-testid="handback-category" aria-label={say(TEXT.category)}>
        {reasons.map((r) => (
          <option key={r} value={r}>
            {handbackReasonText({ target, reasonCategory: r })}
          </option>
        ))}
      </select>
      <textarea ref={reason} class="handback-reason" data-testid="handback-reason" rows={2} maxLength={500} placeholder={say(TEXT.reason)} />
      <textarea ref={notes} class="handback-notes" data-testid="handback-notes" rows={2} maxLength={2000} placeholder={say(TEXT.notes)} />
      <p class="error-text" hidden={error === null}>
        {error ?? ''}
      </p>
      <div class="assign-form">
        <button class="btn btn-danger" type="submit" data-testid="handback-submit" disabled={busy}>
          {say(TEXT.submit)}
        </button>
        <button class="btn btn-ghost" type="button" onClick={onCancel}>
          {say(TEXT.cancel)}
        </button>
      </div>
    </form>
  );
}
