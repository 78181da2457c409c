/**
 * 「退回公安」 on the phone: the worker on site finds a police matter (violence, theft, a wanted
 * person) and returns the case to the transferring station with a category, the reason and what they
 * saw. Online only: unlike the field steps it does not wait in the offline queue (the station must
 * hear at once, and the hub may refuse it per the responsibility table), so offline the page says so.
 * The tap carries an Idempotency-Key kept until answered, so a retry after a lost answer is harmless.
 */
import { useState } from 'preact/hooks';
import { HANDBACK_API, IDEMPOTENCY_KEY_HEADER, POLICE_RETURN_REASONS, POLICE_RETURN_REASON_LABELS, type IncidentView, type Locale, type PoliceReturnReason } from '@xiaonao/contracts';
import { errorText, type ApiClient } from '../shared/api-client';
import { locale } from '../shared/i18n';
import { online, useLanguage } from './phone-store';
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
  open: boolean;
  category: PoliceReturnReason;
  reason: string;
  notes: string;
  busy: boolean;
  error: string;
  /** One key per attempt until the hub answers it. */
  key: string;
}

const freshDraft = (): Draft => ({ open: false, category: 'violence', reason: '', notes: '', busy: false, error: '', key: newStepKey() });

/** Beside the case in hand; keyed by the case, so its draft is that case's. */
export function ReturnToPolice({ incident, api, onReturned }: { incident: IncidentView; api: ApiClient; onReturned: (incident: IncidentView) => void }) {
  useLanguage();
  const [d, setDraft] = useState(freshDraft);
  const connected = online.value;
  if (incident.state !== 'accepted' && incident.state !== 'contacted' && incident.state !== 'arrived') return null;
  const patch = (change: Partial<Draft>) => setDraft((draft) => ({ ...draft, ...change }));

  if (!d.open) {
    return (
      <div class="return-police-closed">
        <button class="btn btn-danger" type="button" data-testid="return-to-police" disabled={!connected} onClick={() => patch({ open: true })}>
          {say(TEXT.open)}
        </button>
        {connected ? null : (
          <p class="muted return-police-offline" data-testid="return-offline">
            {say(TEXT.offline)}
          </p>
        )}
      </div>
    );
  }

  const send = () => {
    const reason = d.reason.trim();
    if (!reason) return patch({ error: say(TEXT.reasonMissing) });
    patch({ busy: true, error: '' });
    const body = { reasonCategory: d.category, reason, notes: d.notes.trim() };
    api.post<IncidentView>(HANDBACK_API.returnToPolice(incident.id), body, { [IDEMPOTENCY_KEY_HEADER]: d.key }).then(
      (returned) => {
        setDraft(freshDraft());
        onReturned(returned);
      },
      // A refusal is final for this request; a changed request gets a fresh key.
      (e: unknown) => patch({ busy: false, error: errorText(e), key: newStepKey() }),
    );
  };

  return (
    <section class="card return-police" data-testid="return-police-form">
      <h3>{say(TEXT.title)}</h3>
      <p class="muted">{say(TEXT.hint)}</p>
      <div class="quick-reasons">
        {POLICE_RETURN_REASONS.map((r) => (
          <button key={r} class={`chip${d.category === r ? ' chip-on' : ''}`} type="button" data-reason={r} aria-pressed={d.category === r ? 'true' : 'false'} onClick={() => patch({ category: r })}>
            {say(POLICE_RETURN_REASON_LABELS[r])}
          </button>
        ))}
      </div>
      <textarea class="reason-input" rows={2} maxLength={500} data-testid="return-reason" placeholder={say(TEXT.reason)} value={d.reason} onInput={(e) => patch({ reason: e.currentTarget.value })} />
      <textarea class="reason-input" rows={3} maxLength={2000} data-testid="return-notes" placeholder={say(TEXT.notes)} value={d.notes} onInput={(e) => patch({ notes: e.currentTarget.value })} />
      {connected ? null : (
        <p class="prompt" data-testid="return-offline">
          {say(TEXT.offline)}
        </p>
      )}
      {d.error ? (
        <p class="error-text" role="alert">
          {d.error}
        </p>
      ) : null}
      <div class="actions">
        <button class="btn big btn-ghost" type="button" disabled={d.busy} onClick={() => patch({ open: false, error: '' })}>
          {say(TEXT.cancel)}
        </button>
        <button class="btn big btn-danger" type="button" data-testid="return-submit" disabled={d.busy || !connected} onClick={send}>
          {say(TEXT.submit)}
        </button>
      </div>
    </section>
  );
}
