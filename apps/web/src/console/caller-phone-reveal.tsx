/**
 * 查看完整号码: the console shows callers' numbers masked (139****2345). An operator who needs the full
 * number asks for it with a reason; the hub logs the access and answers the number, which is shown as a
 * call link until the operator moves to another case (it is kept in memory only, never stored).
 */
import { useState } from 'preact/hooks';
import { PRIVACY_API, type RevealCallerPhoneAnswer } from '@xiaonao/contracts';
import { errorText } from '../shared/api-client';
import { t } from '../shared/i18n';
import { showToast } from '../shared/toast';
import { useActions } from './console-context';

/** Full numbers revealed for the case on screen, by `incidentId` or `incidentId/reportId`; held by the case's detail, so another case forgets them. */
export interface PhoneReveals {
  revealed: ReadonlyMap<string, string>;
  add(key: string, phone: string): void;
}

export function usePhoneReveals(): PhoneReveals {
  const [revealed, setRevealed] = useState<ReadonlyMap<string, string>>(new Map());
  return { revealed, add: (key, phone) => setRevealed((known) => new Map(known).set(key, phone)) };
}

/** The number as the operator may see it: masked with the reveal button, or the full number once revealed. */
export function CallerPhone({ incidentId, maskedPhone, reportId = null, reveals }: { incidentId: string; maskedPhone: string; reportId?: string | null; reveals: PhoneReveals }) {
  const { api } = useActions();
  const [busy, setBusy] = useState(false);
  const key = reportId ? `${incidentId}/${reportId}` : incidentId;
  const full = reveals.revealed.get(key);
  if (full)
    return (
      <a href={`tel:${full}`} class="num" title={t('revealedPhoneHint')} data-testid="caller-phone-full">
        {full}
      </a>
    );
  const reveal = async () => {
    const reason = window.prompt(t('revealReasonPrompt'))?.trim();
    if (!reason) return;
    setBusy(true);
    try {
      const answer = await api.post<RevealCallerPhoneAnswer>(PRIVACY_API.revealCallerPhone(incidentId), reportId ? { reason, reportId } : { reason });
      reveals.add(key, answer.callerPhone);
    } catch (e) {
      setBusy(false);
      showToast(errorText(e), 'error');
    }
  };
  return (
    <span class="caller-phone">
      <span class="num" data-testid="caller-phone-masked">
        {maskedPhone}
      </span>{' '}
      <button class="btn btn-ghost" type="button" data-testid="reveal-phone" disabled={busy} onClick={() => void reveal()}>
        {t('revealPhone')}
      </button>
    </span>
  );
}
