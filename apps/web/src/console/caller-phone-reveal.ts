/**
 * 查看完整号码: the console shows callers' numbers masked (139****2345). An operator who needs the full
 * number asks for it with a reason; the hub logs the access and answers the number, which is shown as a
 * call link until the operator moves to another case (it is kept in memory only, never stored).
 */
import { PRIVACY_API, type RevealCallerPhoneAnswer } from '@xiaonao/contracts';
import { errorText, type ApiClient } from '../shared/api-client';
import { h } from '../shared/dom';
import { t } from '../shared/i18n';
import { showToast } from '../shared/toast';

export class CallerPhoneReveal {
  /** Full numbers revealed for the case on screen, by `incidentId` or `incidentId/reportId`. */
  private readonly revealed = new Map<string, string>();
  private incidentId: string | null = null;

  constructor(
    private readonly api: ApiClient,
    /** Redraws what shows the number once it is revealed. */
    private readonly onRevealed: () => void,
  ) {}

  /** Forgets what was revealed when another case is shown. */
  showing(incidentId: string): void {
    if (incidentId === this.incidentId) return;
    this.incidentId = incidentId;
    this.revealed.clear();
  }

  /** The number as the operator may see it: masked with the reveal button, or the full number once revealed. */
  element(incidentId: string, maskedPhone: string, reportId: string | null = null): HTMLElement {
    const key = reportId ? `${incidentId}/${reportId}` : incidentId;
    const full = this.revealed.get(key);
    if (full) return h('a', { href: `tel:${full}`, class: 'num', title: t('revealedPhoneHint'), 'data-testid': 'caller-phone-full' }, full);
    const button = h('button', { class: 'btn btn-ghost', type: 'button', 'data-testid': 'reveal-phone' }, t('revealPhone'));
    button.addEventListener('click', () => void this.reveal(key, incidentId, reportId, button));
    return h('span', { class: 'caller-phone' }, h('span', { class: 'num', 'data-testid': 'caller-phone-masked' }, maskedPhone), ' ', button);
  }

  private async reveal(key: string, incidentId: string, reportId: string | null, button: HTMLElement): Promise<void> {
    const reason = window.prompt(t('revealReasonPrompt'))?.trim();
    if (!reason) return;
    button.setAttribute('disabled', '');
    try {
      const answer = await this.api.post<RevealCallerPhoneAnswer>(PRIVACY_API.revealCallerPhone(incidentId), reportId ? { reason, reportId } : { reason });
      if (this.incidentId !== incidentId) return;
      this.revealed.set(key, answer.callerPhone);
      this.onRevealed();
    } catch (e) {
      button.removeAttribute('disabled');
      showToast(errorText(e), 'error');
    }
  }
}
